/*
 * voice-floor: the least CPU a one-call voice endpoint can take on this machine, for #13.
 *
 * One thread does what a PeerVoice call's media loop does and nothing more: every 20 ms (timerfd)
 * it encodes a frame of speech with libopus, builds a 12-byte RTP header, seals it with AES-128-GCM
 * (OpenSSL's EVP, the cipher of PeerVoice's preferred SRTP profile, AEAD_AES_128_GCM of RFC 7714) and sends it with one
 * sendto; each datagram that arrives is opened and decoded. Two of these, one per process, call
 * each other on loopback. It reports its own CPU (getrusage) over a window after a warm-up, its
 * wake-ups, and the codec's own thread CPU, so the remainder is what the plainest engine in C
 * spends beside the codec. No jitter buffer, RTCP, ICE consent or stats: a floor, not an engine.
 *
 * Modes: "two" wakes on the timer and on each datagram, as PeerVoice does; "one" does not watch
 * the socket and reads what arrived at each tick (one wake-up per 20 ms, the least there can be).
 *
 * Build and run: bench/native/voice-floor.sh (gcc, OpenSSL headers; libopus is opened with dlopen,
 * so no opus headers are needed and any libopus.so.0 can be compared).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define FRAME 960 /* 20 ms at 48 kHz */

typedef void *(*enc_create_t)(int32_t, int, int, int *);
typedef int (*enc_ctl_t)(void *, int, ...);
typedef int32_t (*encode_t)(void *, const int16_t *, int, unsigned char *, int32_t);
typedef void *(*dec_create_t)(int32_t, int, int *);
typedef int (*decode_t)(void *, const unsigned char *, int32_t, int16_t *, int, int);
typedef const char *(*version_t)(void);

static double now_s(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double rusage_s(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

/*
 * The GCM nonce of a packet: its header's timestamp and SSRC, the sequence's low byte folded in.
 * Unique per packet in a run, which is all a cost measurement needs (not RFC 7714 §8.1's
 * derivation from a salt).
 */
static void nonce(unsigned char iv[12], const unsigned char *header) {
  memset(iv, 0, 12);
  memcpy(iv + 4, header + 4, 8);
  iv[11] ^= header[3];
}

static void die(const char *what) {
  fprintf(stderr, "voice-floor: %s: %s\n", what, strerror(errno));
  exit(1);
}

int main(int argc, char **argv) {
  if (argc != 10) {
    fprintf(stderr,
            "usage: voice-floor LIBOPUS SPEECH.wav LOCAL_PORT PEER_PORT COMPLEXITY BITRATE LOSS_PERCENT one|two SECONDS\n");
    return 2;
  }
  const char *lib = argv[1], *wav = argv[2];
  int local = atoi(argv[3]), peer = atoi(argv[4]), complexity = atoi(argv[5]), bitrate = atoi(argv[6]);
  int loss = atoi(argv[7]);
  int merged = strcmp(argv[8], "one") == 0;
  int seconds = atoi(argv[9]);
  if (complexity < 0 || complexity > 10 || bitrate < 6000 || bitrate > 510000 || loss < 0 ||
      loss > 100 || seconds < 2 || (!merged && strcmp(argv[8], "two") != 0) || local < 1 ||
      local > 65535 || peer < 1 || peer > 65535) {
    fprintf(stderr, "voice-floor: complexity 0..10, bitrate 6000..510000, loss 0..100, one|two, "
                    "seconds >= 2 and ports 1..65535, got %s %s %s %s %s %s %s\n",
            argv[3], argv[4], argv[5], argv[6], argv[7], argv[8], argv[9]);
    return 2;
  }

  void *h = dlopen(lib, RTLD_NOW);
  if (!h) {
    fprintf(stderr, "voice-floor: %s\n", dlerror());
    return 1;
  }
  enc_create_t enc_create = (enc_create_t)dlsym(h, "opus_encoder_create");
  enc_ctl_t enc_ctl = (enc_ctl_t)dlsym(h, "opus_encoder_ctl");
  encode_t encode = (encode_t)dlsym(h, "opus_encode");
  dec_create_t dec_create = (dec_create_t)dlsym(h, "opus_decoder_create");
  decode_t decode = (decode_t)dlsym(h, "opus_decode");
  version_t version = (version_t)dlsym(h, "opus_get_version_string");
  if (!enc_create || !enc_ctl || !encode || !dec_create || !decode || !version) {
    fprintf(stderr, "voice-floor: %s is not a libopus (a function is missing)\n", lib);
    return 1;
  }

  FILE *f = fopen(wav, "rb");
  if (!f) die(wav);
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f) - 44;
  fseek(f, 44, SEEK_SET);
  int frames = (int)(bytes / 2 / FRAME);
  if (frames < 1) {
    fprintf(stderr, "voice-floor: %s holds no 20 ms frame\n", wav);
    return 1;
  }
  int16_t *speech = malloc((size_t)frames * FRAME * 2);
  if (fread(speech, 2, (size_t)frames * FRAME, f) != (size_t)frames * FRAME) die("read speech");
  fclose(f);

  int err;
  void *enc = enc_create(48000, 1, 2048 /* VOIP */, &err);
  if (!enc) {
    fprintf(stderr, "voice-floor: opus_encoder_create failed (%d)\n", err);
    return 1;
  }
  enc_ctl(enc, 4002, bitrate);    /* OPUS_SET_BITRATE */
  enc_ctl(enc, 4010, complexity); /* OPUS_SET_COMPLEXITY */
  enc_ctl(enc, 4012, 1);          /* OPUS_SET_INBAND_FEC, as PeerVoice's default */
  enc_ctl(enc, 4014, loss);       /* OPUS_SET_PACKET_LOSS_PERC */
  void *dec = dec_create(48000, 1, &err);
  if (!dec) {
    fprintf(stderr, "voice-floor: opus_decoder_create failed (%d)\n", err);
    return 1;
  }

  unsigned char key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  EVP_CIPHER_CTX *seal = EVP_CIPHER_CTX_new(), *open = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(seal, EVP_aes_128_gcm(), NULL, key, NULL);
  EVP_DecryptInit_ex(open, EVP_aes_128_gcm(), NULL, key, NULL);

  int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in me = {.sin_family = AF_INET, .sin_port = htons(local)};
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(peer)};
  inet_pton(AF_INET, "127.0.0.1", &me.sin_addr);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (bind(s, (struct sockaddr *)&me, sizeof me)) die("bind");

  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  struct itimerspec every = {.it_interval = {0, 20000000}, .it_value = {0, 20000000}};
  timerfd_settime(tfd, 0, &every, NULL);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = tfd};
  epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev);
  if (!merged) {
    ev.data.fd = s;
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
  }

  unsigned char pkt[1500], plain[1500], out[1500];
  int16_t pcm[FRAME * 6];
  uint16_t seq = 0;
  uint32_t ts = 0, ssrc = 0x1234;
  long ticks = 0, wakeups = 0, received = 0, bad = 0, decoded = 0;
  double codec = 0, cpu0 = 0, wall0 = 0, codec0 = 0;
  long wake0 = 0, recv0 = 0;
  int warm = seconds / 2;
  for (;;) {
    struct epoll_event got[4];
    int n = epoll_wait(ep, got, 4, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("epoll_wait");
    }
    wakeups++;
    for (int i = 0; i < n; i++) {
      int tick = got[i].data.fd == tfd;
      if (tick) {
        uint64_t expirations;
        if (read(tfd, &expirations, 8) != 8) die("timerfd");
      }
      if (!tick || merged) { /* the datagrams that arrived */
        for (;;) {
          ssize_t len = recv(s, pkt, sizeof pkt, 0);
          if (len < 0) break;
          received++;
          if (len < 12 + 16) { /* no room for a header and a tag: not ours */
            bad++;
            continue;
          }
          unsigned char iv[12];
          nonce(iv, pkt);
          int outl, fin;
          EVP_DecryptInit_ex(open, NULL, NULL, NULL, iv);
          EVP_DecryptUpdate(open, NULL, &outl, pkt, 12);
          EVP_DecryptUpdate(open, plain, &outl, pkt + 12, (int)len - 28);
          EVP_CIPHER_CTX_ctrl(open, EVP_CTRL_GCM_SET_TAG, 16, pkt + len - 16);
          if (EVP_DecryptFinal_ex(open, plain + outl, &fin) <= 0) {
            bad++;
            continue;
          }
          double c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
          if (decode(dec, plain, outl, pcm, FRAME * 6, 0) > 0) decoded++;
          codec += now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        }
      }
      if (tick) {
        ticks++;
        double c0 = now_s(CLOCK_THREAD_CPUTIME_ID);
        int32_t len = encode(enc, speech + (size_t)(ticks % frames) * FRAME, FRAME, plain, 1275);
        codec += now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        if (len < 0) {
          fprintf(stderr, "voice-floor: opus_encode failed (%d)\n", len);
          return 1;
        }
        out[0] = 0x80;
        out[1] = 111;
        out[2] = seq >> 8;
        out[3] = seq & 0xff;
        out[4] = ts >> 24, out[5] = ts >> 16, out[6] = ts >> 8, out[7] = ts;
        out[8] = ssrc >> 24, out[9] = ssrc >> 16, out[10] = ssrc >> 8, out[11] = ssrc;
        unsigned char iv[12];
        nonce(iv, out);
        int outl, fin;
        EVP_EncryptInit_ex(seal, NULL, NULL, NULL, iv);
        EVP_EncryptUpdate(seal, NULL, &outl, out, 12);
        EVP_EncryptUpdate(seal, out + 12, &outl, plain, len);
        EVP_EncryptFinal_ex(seal, out + 12 + outl, &fin);
        EVP_CIPHER_CTX_ctrl(seal, EVP_CTRL_GCM_GET_TAG, 16, out + 12 + len);
        sendto(s, out, 12 + len + 16, 0, (struct sockaddr *)&to, sizeof to);
        seq++;
        ts += FRAME;
        if (ticks == warm * 50L) {
          cpu0 = rusage_s(), wall0 = now_s(CLOCK_MONOTONIC), codec0 = codec, wake0 = wakeups, recv0 = received;
        }
        if (ticks == seconds * 50L) {
          double wall = now_s(CLOCK_MONOTONIC) - wall0;
          printf("{\"libopus\":\"%s\",\"complexity\":%d,\"bitrate\":%d,\"loss_pct\":%d,\"wakeups_per_tick\":\"%s\","
                 "\"cpu_pct\":%.3f,\"codec_pct\":%.3f,\"rest_pct\":%.3f,\"wakeups_per_s\":%.1f,"
                 "\"received_per_s\":%.1f,\"decoded\":%ld,\"bad\":%ld,\"window_s\":%.1f}\n",
                 version(), complexity, bitrate, loss, merged ? "one" : "two",
                 100 * (rusage_s() - cpu0) / wall, 100 * (codec - codec0) / wall,
                 100 * ((rusage_s() - cpu0) - (codec - codec0)) / wall, (wakeups - wake0) / wall,
                 (received - recv0) / wall, decoded, bad, wall);
          return 0;
        }
      }
    }
  }
}
