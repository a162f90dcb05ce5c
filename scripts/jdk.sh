# Sourced by the launchers: finds a JDK >= 25 and exports JAVA_HOME, or stops with a clear message
# (order: $JAVA_HOME, then the usual install locations, then the java on PATH); makes `mvn` the project's
# Maven wrapper (./mvnw, which fetches the pinned Maven from Maven Central once); and reads the JVM flags
# every launcher passes from their one home, the <tensorj.jvm.flags> property of the root pom.xml.
TENSORJ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tensorj_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
tensorj_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(tensorj_java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
if ! TENSORJ_JDK=$(tensorj_find_jdk); then
  echo "tensorj needs a JDK 25 or newer, and none was found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks and PATH)." >&2
  echo "Install one, e.g. 'apt-get install openjdk-25-jdk' or Temurin 25 from adoptium.net, then set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$TENSORJ_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
mvn() {
  "$TENSORJ_ROOT/mvnw" "$@"
}
TENSORJ_JVM_FLAGS="$(sed -n 's:.*<tensorj.jvm.flags>\(.*\)</tensorj.jvm.flags>.*:\1:p' "$TENSORJ_ROOT/pom.xml")"
if [ -z "$TENSORJ_JVM_FLAGS" ]; then
  echo "scripts/jdk.sh: pom.xml has no <tensorj.jvm.flags> property" >&2
  exit 1
fi
# Maven's own libraries still call sun.misc.Unsafe; keep JDK 25 from warning about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
