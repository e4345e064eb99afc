package io.peervoice.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public API of the {@code sdk} module (docs/architecture.md, "The SDK"): a fixed, small set of
 * types, whose public methods, constructors and fields use only the JDK, the SDK's own types and a
 * listed set of value types of the layers below. A new public type or a leaked mechanism fails the
 * build until it is added here on purpose.
 */
class SdkApiTest {

  /**
   * Everything public in {@code io.peervoice.sdk}: twelve types (the issue allows at most 12). S5
   * conf: {@code Conference} (with its nested {@code Member} and {@code Figures} records). S6
   * missed: {@code MissedCall} (with its nested {@code Listener}). S7 tel: and its nested {@code
   * Reason} (a note, or a call refused for do not disturb), no new top-level type.
   */
  static final Set<String> SDK_TYPES =
      Set.of(
          "Phone",
          "PhoneConfig",
          "Call",
          "CallListener",
          "CallStats",
          "CallDirection",
          "CallWaiting",
          "IncomingStats",
          "PhoneException",
          "NoNodeAnsweredException",
          "Conference",
          "MissedCall"); // S6 missed: Phone.onMissedCall, leaveNote (nested Listener)

  /**
   * Types of the lower layers an application meets in the SDK's signatures: identities and the call
   * vocabulary (signaling), the audio ends, codec/SRTP/impairment settings and audio processing
   * settings and figures (media), the ICE settings (nat) and the media figures (session). Values
   * and settings only, never a mechanism.
   */
  static final Set<String> LOWER_TYPES =
      Set.of(
          "io.peervoice.signaling.PeerId",
          "io.peervoice.signaling.Identity",
          "io.peervoice.signaling.call.CallId",
          "io.peervoice.signaling.call.CallState",
          "io.peervoice.signaling.call.EndReason",
          "io.peervoice.signaling.call.IncomingLimits",
          "io.peervoice.signaling.StreamRoute", // S5 overlay: PhoneConfig.streamRoutes
          // S5 xfer: Call.transfer/transferTo, CallListener.onTransfer*, PhoneConfig.transfers
          "io.peervoice.signaling.call.TransferOutcome",
          "io.peervoice.signaling.call.TransferPolicy",
          "io.peervoice.signaling.call.TransferResult",
          // S6 presence: Phone.probe, PhoneConfig.presence
          "io.peervoice.signaling.call.Presence",
          "io.peervoice.signaling.call.PresencePolicy",
          "io.peervoice.media.audio.AudioSource",
          "io.peervoice.media.audio.AudioSink",
          "io.peervoice.media.audio.DeviceStats",
          "io.peervoice.media.codec.OpusSettings",
          "io.peervoice.media.codec.ComplexityAdaptation",
          "io.peervoice.media.srtp.SrtpProfile",
          "io.peervoice.media.impair.ImpairmentSpec",
          "io.peervoice.media.processing.AudioProcessing",
          "io.peervoice.media.processing.ProcessingStats",
          "io.peervoice.nat.IceConfig",
          "io.peervoice.session.MediaSessionStats");

  private static JavaClasses classes;

  @BeforeAll
  static void importAll() {
    classes = ArchitectureTest.mainClasses();
  }

  @Test
  void theSdkPublishesOnlyItsListedTypes() {
    Set<String> published = new TreeSet<>();
    for (JavaClass c : classes) {
      if (c.getPackageName().equals("io.peervoice.sdk")
          && c.getModifiers().contains(JavaModifier.PUBLIC)
          && c.isTopLevelClass()) {
        published.add(c.getSimpleName());
      }
    }
    assertThat(published).hasSizeLessThanOrEqualTo(12);
    assertThat(published).containsExactlyInAnyOrderElementsOf(SDK_TYPES);
  }

  /**
   * S7 tel, on purpose: {@code MissedCall} nests {@code Listener} and {@code Reason} (refused calls
   * are raised as missed calls), and {@code Phone.setPresencePolicy} changes the policy at run
   * time.
   */
  @Test
  void s7TelAdditionsArePublishedOnPurpose() throws Exception {
    assertThat(
            java.util.Arrays.stream(io.peervoice.sdk.MissedCall.class.getClasses())
                .map(Class::getSimpleName))
        .containsExactlyInAnyOrder("Listener", "Reason");
    assertThat(
            io.peervoice.sdk.Phone.class.getMethod(
                "setPresencePolicy", io.peervoice.signaling.call.PresencePolicy.class))
        .isNotNull();
  }

  @Test
  void publicMembersUseOnlyTheJdkTheSdkAndListedValueTypes() {
    sdkSignatures().check(classes);
  }

  @Test
  void theRuleCatchesFieldsConstructorsAndMechanisms() {
    for (Class<?> fixture :
        new Class<?>[] {
          io.peervoice.sdk.archfixture.LeakyField.class,
          io.peervoice.sdk.archfixture.LeakyConstructor.class,
          io.peervoice.sdk.archfixture.LowerMechanism.class
        }) {
      JavaClasses bad = new ClassFileImporter().importClasses(fixture);
      assertThat(sdkSignatures().evaluate(bad).hasViolation()).as(fixture.getSimpleName()).isTrue();
    }
  }

  private static ArchRule sdkSignatures() {
    return classes()
        .that()
        .resideInAPackage("io.peervoice.sdk..")
        .and()
        .resideOutsideOfPackage("..internal..")
        .and()
        .arePublic()
        .should(exposeOnlyAllowedTypes());
  }

  private static boolean allowed(JavaClass type) {
    String name = type.getName();
    return type.isPrimitive()
        || type.isArray() && allowed(type.getBaseComponentType())
        || name.startsWith("java.")
        || type.getPackageName().equals("io.peervoice.sdk")
            && type.getModifiers().contains(JavaModifier.PUBLIC)
        || LOWER_TYPES.contains(name);
  }

  private static ArchCondition<JavaClass> exposeOnlyAllowedTypes() {
    return new ArchCondition<>("expose only JDK, SDK and listed lower-layer value types") {
      @Override
      public void check(JavaClass clazz, ConditionEvents events) {
        for (JavaMember member : clazz.getMembers()) {
          Set<JavaModifier> modifiers = member.getModifiers();
          if (!modifiers.contains(JavaModifier.PUBLIC)
                  && !modifiers.contains(JavaModifier.PROTECTED)
              || modifiers.contains(JavaModifier.SYNTHETIC)) {
            continue;
          }
          for (JavaClass type : ArchitectureTest.signatureTypes(member)) {
            if (!allowed(type)) {
              events.add(
                  SimpleConditionEvent.violated(
                      member, member.getFullName() + " exposes " + type.getName()));
            }
          }
        }
      }
    };
  }
}
