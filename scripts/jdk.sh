# Sourced by the launchers: finds a JDK >= 25 and exports JAVA_HOME, or stops with a clear message.
# Order: $JAVA_HOME, then the usual install locations, then the java on PATH.
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
if ! command -v mvn >/dev/null 2>&1; then
  echo "tensorj builds with Apache Maven 3.8 or newer, and 'mvn' is not on PATH: install it (e.g. 'apt-get install maven')." >&2
  exit 1
fi
# Maven's own libraries still call sun.misc.Unsafe; keep JDK 25 from warning about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
