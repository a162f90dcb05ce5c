#!/usr/bin/env bash
# What a new user does, checked: a fresh Maven project made of the README's complete pom.xml and every
# `// Name.java` snippet of the README, verbatim. It must compile and pass its test (the gradient checker
# from the tensorj-gradcheck artifact), its compile class path must hold no test library
# (`dependency:tree -Dscope=compile`), every program snippet must run, and JShell must take the README's
# wildcard imports. Needs tensorj installed in the local Maven repository first (`./run-tests` runs
# `mvn install` before calling this).
set -euo pipefail
source "$(dirname "$0")/jdk.sh"
cd "$TENSORJ_ROOT"
project=target/consumer-check
rm -rf "$project"
mkdir -p "$project/src/main/java" "$project/src/test/java"

# The README's snippets: the pom is the ```xml block that starts with <?xml; each ```java block whose first
# line is `// Name.java` is a file (a test when it holds @Test or @GradCheckTest).
python3 - README.md "$project" <<'EOF'
import re, sys, pathlib
readme, project = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
poms = [b for b in re.findall(r"```xml\n(.*?)```", readme, re.S) if b.startswith("<?xml")]
if len(poms) != 1:
    sys.exit(f"check-consumer: expected one complete pom.xml (a ```xml block starting with <?xml) in README.md, found {len(poms)}")
(project / "pom.xml").write_text(poms[0])
names = []
for block in re.findall(r"```java\n(.*?)```", readme, re.S):
    first = block.splitlines()[0].strip()
    m = re.fullmatch(r"// (\w+)\.java", first)
    if not m:
        sys.exit(f"check-consumer: a java snippet of README.md does not start with '// Name.java': {first!r}")
    test = "@Test" in block or "@GradCheckTest" in block
    (project / "src" / ("test" if test else "main") / "java" / f"{m.group(1)}.java").write_text(block)
    if not test: names.append(m.group(1))
(project / "programs.txt").write_text("\n".join(names) + "\n")
print(f"check-consumer: pom.xml and {len(names)} programs, {sum(1 for _ in (project / 'src/test/java').iterdir())} test(s) from README.md")
EOF

cd "$project"
"$TENSORJ_ROOT/mvnw" -B -ntp -q test dependency:tree -Dscope=compile -DoutputFile=compile-tree.txt
"$TENSORJ_ROOT/mvnw" -B -ntp -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=runtime-classpath.txt
if grep -Ei "junit|opentest4j|apiguardian|hamcrest|assertj" compile-tree.txt; then
  echo "check-consumer: a test library is on the compile class path of a project that depends on tensorj (above)" >&2
  exit 1
fi
grep -q "tensorj-nn" compile-tree.txt || { echo "check-consumer: tensorj-nn missing from the compile tree" >&2; exit 1; }
classpath="target/classes:$(cat runtime-classpath.txt)"
while read -r program; do
  [ -n "$program" ] || continue
  java $TENSORJ_JVM_FLAGS -cp "$classpath" "$program" > "$program.out" 2>&1 \
    || { cat "$program.out" >&2; echo "check-consumer: the README's $program.java failed" >&2; exit 1; }
done < programs.txt

# JShell with the README's lines (those that start with `jshell> `).
sed -n 's/^jshell> //p' "$TENSORJ_ROOT/README.md" > session.jsh
echo "/exit" >> session.jsh
jshell --add-modules jdk.incubator.vector -R--enable-native-access=ALL-UNNAMED --class-path "$(cat runtime-classpath.txt)" --feedback normal < session.jsh > jshell.out 2>&1 || true
if grep -Eqi "error|ambiguous|cannot find symbol|Exception" jshell.out || ! grep -q "tensor(" jshell.out; then
  cat jshell.out >&2
  echo "check-consumer: the README's JShell session failed (above)" >&2
  exit 1
fi
echo "check-consumer: compiled, tested and ran the README's snippets; no test library on the compile class path; JShell took the wildcard imports"
