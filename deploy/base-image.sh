#!/usr/bin/env bash
# Builds the image the site's container is built on, from Debian packages alone, and pushes it to a registry on
# this machine, so that `dotnet publish /t:PublishContainer` can take it as ContainerBaseImage where no public
# container registry is reachable. Where mcr.microsoft.com is reachable, the project's own default
# (mcr.microsoft.com/dotnet/aspnet plus deploy/Containerfile.chromium) needs none of this.
#
#   deploy/base-image.sh            rootfs, OCI image, local registry on localhost:5000, push
#   REGISTRY=localhost:5000 IMAGE=complaints-base:bookworm WORK=/var/tmp/complaints-base deploy/base-image.sh
#
# Needs root, mmdebstrap, umoci, skopeo and docker-registry (all Debian packages).
set -euo pipefail

REGISTRY=${REGISTRY:-localhost:5000}
IMAGE=${IMAGE:-complaints-base:bookworm}
WORK=${WORK:-/var/tmp/complaints-base}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${SECURITY:-http://deb.debian.org/debian-security}
# The .NET runtime copied in: the one beside the SDK that publishes (same major version as the app).
DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
# The uid of Microsoft's aspnet images, so that volumes prepared for one suit the other.
APP_UID=1654

for tool in mmdebstrap umoci skopeo docker-registry; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y mmdebstrap umoci skopeo docker-registry" >&2; exit 1; }
done
mkdir -p "$WORK"

# 1. A Debian root filesystem: what the runtime needs (ICU for French and Arabic cultures, OpenSSL, CA certificates,
#    time zones), Chromium to print receipts and reports to PDF, and Noto fonts for Arabic and Tifinagh.
if [ ! -s "$WORK/rootfs.tar" ]; then
  mmdebstrap --variant=minbase --mode=root \
    --include=ca-certificates,libicu72,libssl3,zlib1g,tzdata,chromium,fonts-noto-core,fonts-dejavu-core \
    --customize-hook="chroot \"\$1\" groupadd --gid $APP_UID app" \
    --customize-hook="chroot \"\$1\" useradd --uid $APP_UID --gid $APP_UID --create-home --shell /usr/sbin/nologin app" \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    --customize-hook="mkdir -p \"\$1/usr/share/dotnet/shared\" && cp -a $DOTNET_ROOT/dotnet $DOTNET_ROOT/host $DOTNET_ROOT/LICENSE.txt $DOTNET_ROOT/ThirdPartyNotices.txt \"\$1/usr/share/dotnet/\" && cp -a $DOTNET_ROOT/shared/Microsoft.NETCore.App $DOTNET_ROOT/shared/Microsoft.AspNetCore.App \"\$1/usr/share/dotnet/shared/\" && ln -sf /usr/share/dotnet/dotnet \"\$1/usr/bin/dotnet\"" \
    bookworm "$WORK/rootfs.tmp.tar" \
    "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" "deb $SECURITY bookworm-security main"
  mv "$WORK/rootfs.tmp.tar" "$WORK/rootfs.tar"
fi

# 2. One OCI image of one layer, with the environment Microsoft's aspnet image sets.
rm -rf "$WORK/oci"
umoci init --layout "$WORK/oci"
umoci new --image "$WORK/oci:base"
umoci raw add-layer --image "$WORK/oci:base" "$WORK/rootfs.tar"
# A second, tiny layer: the folder the attachments volume is mounted on, owned by the site's user, so that a fresh
# named volume takes that owner.
rm -rf "$WORK/data-layer" && mkdir -p "$WORK/data-layer/var/lib/complaints/files"
tar -C "$WORK/data-layer" --numeric-owner --owner=0 --group=0 --no-recursion -cf "$WORK/data-layer.tar" var var/lib
tar -C "$WORK/data-layer" --numeric-owner --owner=$APP_UID --group=$APP_UID -rf "$WORK/data-layer.tar" var/lib/complaints
umoci raw add-layer --image "$WORK/oci:base" "$WORK/data-layer.tar"
umoci config --image "$WORK/oci:base" \
  --os linux --architecture amd64 \
  --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --config.env "APP_UID=$APP_UID" \
  --config.env "ASPNETCORE_HTTP_PORTS=8080" \
  --config.env "DOTNET_RUNNING_IN_CONTAINER=true" \
  --config.env "DOTNET_ROOT=/usr/share/dotnet" \
  --config.user "$APP_UID" \
  --config.workingdir /app

# 3. A registry on this machine (plain HTTP on localhost), and the image in it.
if ! curl -fs "http://$REGISTRY/v2/" >/dev/null; then
  cat > "$WORK/registry.yml" <<YML
version: 0.1
storage:
  filesystem:
    rootdirectory: $WORK/registry
http:
  addr: $REGISTRY
YML
  nohup docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
  echo $! >"$WORK/registry.pid"
  for _ in $(seq 50); do curl -fs "http://$REGISTRY/v2/" >/dev/null && break; sleep 0.2; done
fi
skopeo copy --dest-tls-verify=false "oci:$WORK/oci:base" "docker://$REGISTRY/$IMAGE"
echo "base image: $REGISTRY/$IMAGE (registry pid $(cat "$WORK/registry.pid" 2>/dev/null || echo 'already running'))"
