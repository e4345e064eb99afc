package io.peervoice.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layering of PeerVoice, checked on the compiled classes of every module. Each rule
 * fails the build when a change breaks it.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importAll() {
    classes = mainClasses();
  }

  /** The compiled main classes of every module, tests left out. */
  static JavaClasses mainClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.peervoice");
  }

  @Test
  void everyModuleIsPresent() {
    for (String pkg :
        new String[] {
          "io.peervoice.natives",
          "io.peervoice.media",
          "io.peervoice.nat",
          "io.peervoice.signaling",
          "io.peervoice.session",
          "io.peervoice.sdk",
          "io.peervoice.demo"
        }) {
      org.assertj.core.api.Assertions.assertThat(
              classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
          .as(pkg)
          .isTrue();
    }
  }

  @Test
  void modulesDependOnlyDownwards() {
    layering().check(classes);
  }

  @Test
  void theRulesCatchViolations() {
    JavaClasses bad =
        new ClassFileImporter()
            .importClasses(
                io.peervoice.sdk.archfixture.LeakyApi.class,
                io.peervoice.media.archfixture.MediaUsesNat.class,
                io.peervoice.nat.IceRole.class);
    org.assertj.core.api.Assertions.assertThat(layering().evaluate(bad).hasViolation()).isTrue();
    org.assertj.core.api.Assertions.assertThat(publicSignatures().evaluate(bad).hasViolation())
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(ice4jConfined().evaluate(bad).hasViolation())
        .isTrue();
    JavaClasses leakyField =
        new ClassFileImporter().importClasses(io.peervoice.sdk.archfixture.LeakyField.class);
    org.assertj.core.api.Assertions.assertThat(
            publicSignatures().evaluate(leakyField).hasViolation())
        .as("a public field of a third-party type")
        .isTrue();
    JavaClasses leakyConstructor =
        new ClassFileImporter()
            .importClasses(io.peervoice.sdk.archfixture.ThirdPartyConstructor.class);
    org.assertj.core.api.Assertions.assertThat(
            publicSignatures().evaluate(leakyConstructor).hasViolation())
        .as("a public constructor taking a third-party type")
        .isTrue();
  }

  private static com.tngtech.archunit.lang.ArchRule layering() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("native")
        .definedBy("io.peervoice.natives..")
        .layer("media")
        .definedBy("io.peervoice.media..")
        .layer("nat")
        .definedBy("io.peervoice.nat..")
        .layer("signaling")
        .definedBy("io.peervoice.signaling..")
        .layer("session")
        .definedBy("io.peervoice.session..")
        .layer("sdk")
        .definedBy("io.peervoice.sdk..")
        .layer("demo")
        .definedBy("io.peervoice.demo..")
        .layer("bench")
        .definedBy("io.peervoice.bench..")
        .whereLayer("bench")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("demo")
        .mayOnlyBeAccessedByLayers("bench")
        .whereLayer("sdk")
        .mayOnlyBeAccessedByLayers("demo", "bench")
        .whereLayer("session")
        .mayOnlyBeAccessedByLayers("sdk", "demo", "bench")
        .whereLayer("media")
        .mayOnlyBeAccessedByLayers("session", "sdk", "demo", "bench")
        .whereLayer("nat")
        .mayOnlyBeAccessedByLayers("session", "sdk", "demo", "bench")
        .whereLayer("signaling")
        .mayOnlyBeAccessedByLayers("sdk", "demo", "bench")
        .whereLayer("native")
        .mayOnlyBeAccessedByLayers("media", "nat", "signaling", "session", "sdk", "demo", "bench");
  }

  @Test
  void internalsAreUsedOnlyInsideTheirOwnModule() {
    for (String module :
        new String[] {"natives", "media", "nat", "signaling", "session", "sdk", "demo"}) {
      String root = "io.peervoice." + module;
      noClasses()
          .that()
          .resideOutsideOfPackage(root + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(root + "..internal..")
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void onlyNatInternalsTouchIce4j() {
    ice4jConfined().check(classes);
  }

  private static com.tngtech.archunit.lang.ArchRule ice4jConfined() {
    return noClasses()
        .that()
        .resideOutsideOfPackage("io.peervoice.nat.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.ice4j..", "com.typesafe.config..", "org.jitsi.config..");
  }

  @Test
  void onlySrtpInternalsTouchJitsiSrtp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.peervoice.media.srtp.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jitsi.srtp..", "org.jitsi.utils..")
        .check(classes);
  }

  @Test
  void onlyCodecInternalsTouchOpusJava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.peervoice.media.codec.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("tomp2p.opuswrapper..", "club.minnced..")
        .check(classes);
  }

  @Test
  void onlyCodecAndProcessingInternalsAndNativesTouchJna() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.peervoice.media.codec.internal..",
            "io.peervoice.media.processing.internal..",
            "io.peervoice.natives..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.sun.jna..")
        .check(classes);
  }

  @Test
  void onlyProcessingInternalsTouchWebRtc() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.peervoice.media.processing.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.onvoid..")
        .check(classes);
  }

  @Test
  void onlySignalingInternalsTouchCborAndMicrometer() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.peervoice.signaling.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.fasterxml.jackson.dataformat.cbor..", "io.micrometer..", "io.prometheus..")
        .check(classes);
  }

  // S5 dtls
  @Test
  void onlyTheDtlsInternalsTouchBouncyCastleTls() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.peervoice.session.internal.dtls..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.bouncycastle.tls..")
        .check(classes);
  }

  /** Internals are exempt from the rule above; Bouncy Castle stays out of their signatures too. */
  @Test
  void noBouncyCastleTypeInAPublicSignatureOfSession() {
    members()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.peervoice.session..")
        .should(
            new ArchCondition<JavaMember>("show no Bouncy Castle type in their signature") {
              @Override
              public void check(JavaMember member, ConditionEvents events) {
                for (JavaClass type : signatureTypes(member)) {
                  if (type.getName().startsWith("org.bouncycastle.")) {
                    events.add(
                        SimpleConditionEvent.violated(
                            member, member.getFullName() + " exposes " + type.getName()));
                  }
                }
              }
            })
        .check(classes);
  }

  @Test
  void onlyTheNativeModuleTouchesNetty() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.peervoice.natives..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .check(classes);
  }

  @Test
  void noThirdPartyTypeInAPublicSignature() {
    publicSignatures().check(classes);
    classes()
        .that()
        .arePublic()
        .and()
        .resideOutsideOfPackages("..internal..", "io.peervoice.demo..", "io.peervoice.bench..")
        .should(haveOnlyOwnOrJdkSupertypes())
        .check(classes);
  }

  /** Public methods, constructors and fields of public types. */
  private static com.tngtech.archunit.lang.ArchRule publicSignatures() {
    return members()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackages("..internal..", "io.peervoice.demo..", "io.peervoice.bench..")
        .should(onlyUseOwnOrJdkTypes());
  }

  private static boolean allowed(JavaClass type) {
    String name = type.getName();
    return type.isPrimitive()
        || type.isArray() && allowed(type.getBaseComponentType())
        || name.startsWith("java.")
        || name.startsWith("javax.net.ssl.") // the JDK's TLS API (SSLContext for TLS settings)
        || name.startsWith("io.peervoice.");
  }

  private static ArchCondition<JavaMember> onlyUseOwnOrJdkTypes() {
    return new ArchCondition<>("use only JDK and PeerVoice types in their signature") {
      @Override
      public void check(JavaMember member, ConditionEvents events) {
        for (JavaClass type : signatureTypes(member)) {
          if (!allowed(type)) {
            events.add(
                SimpleConditionEvent.violated(
                    member, member.getFullName() + " exposes third-party type " + type.getName()));
          }
        }
      }
    };
  }

  /**
   * The types a member shows: a field's type; a method's or constructor's return, parameters,
   * throws.
   */
  static Set<JavaClass> signatureTypes(JavaMember member) {
    Set<JavaClass> involved = new HashSet<>();
    if (member instanceof JavaField field) {
      involved.addAll(field.getType().getAllInvolvedRawTypes());
    } else if (member instanceof JavaCodeUnit unit) {
      involved.addAll(unit.getReturnType().getAllInvolvedRawTypes());
      unit.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
      unit.getExceptionTypes().forEach(involved::add);
    }
    return involved;
  }

  private static ArchCondition<JavaClass> haveOnlyOwnOrJdkSupertypes() {
    return new ArchCondition<>("extend and implement only JDK and PeerVoice types") {
      @Override
      public void check(JavaClass clazz, ConditionEvents events) {
        Set<JavaClass> supertypes = new HashSet<>(clazz.getAllRawInterfaces());
        clazz.getRawSuperclass().ifPresent(supertypes::add);
        for (JavaClass type : supertypes) {
          if (!allowed(type) && !clazz.getModifiers().contains(JavaModifier.SYNTHETIC)) {
            events.add(
                SimpleConditionEvent.violated(
                    clazz, clazz.getName() + " exposes third-party supertype " + type.getName()));
          }
        }
      }
    };
  }
}
