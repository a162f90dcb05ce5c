#!/usr/bin/env bash
# Builds the API reference of the library modules (tensor, autograd, nn, datasets, plot, gradcheck) as one
# Javadoc site and prints where it is: open target/reports/apidocs/index.html. Maven compiles what it needs
# first; extra arguments go to Maven (e.g. -o once the javadoc plugin is in the local repository). The
# modules and options are in the root pom.xml (maven-javadoc-plugin in pluginManagement).
set -euo pipefail
source "$(dirname "$0")/jdk.sh"
cd "$TENSORJ_ROOT"
mvn -B -ntp -q javadoc:aggregate "$@"
site="$TENSORJ_ROOT/target/reports/apidocs/index.html"
if [ ! -f "$site" ]; then
  echo "scripts/javadoc.sh: javadoc:aggregate finished but wrote no $site" >&2
  exit 1
fi
echo "API reference: $site"
