#!/bin/sh
# Fills the root filesystem $1 (which holds usr/share/dotnet) with what a chiseled .NET image has: the shared
# libraries the runtime links or opens (OpenSSL; with $2=true also ICU), CA certificates, passwd and group with
# root and app (1654), /tmp, and with $2=true the time-zone database. Nothing else: no shell, no package manager.
set -eu
root=$1; extra=$2
dotnet=$root/usr/share/dotnet
libs=$(find "$dotnet" \( -name '*.so' -o -name dotnet \) -type f -exec ldd {} + 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*ld-linux/ { print $1 }' | sort -u)
opened="libssl.so.3 libcrypto.so.3"
[ "$extra" = true ] && opened="$opened $(cd /usr/lib/x86_64-linux-gnu && ls libicu*.so.72)"
for lib in $opened; do libs="$libs /usr/lib/x86_64-linux-gnu/$lib"; done
for lib in $libs; do
    real=$(readlink -f "$lib")
    mkdir -p "$root$(dirname "$lib")"
    cp "$real" "$root$lib"
done
mkdir -p "$root/lib64" "$root/etc/ssl/certs" "$root/usr/bin" "$root/tmp" "$root/app"
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
printf 'root:x:0:0:root:/root:/noshell\napp:x:1654:1654:app:/home/app:/noshell\n' > "$root/etc/passwd"
printf 'root:x:0:\napp:x:1654:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
ln -s /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
if [ "$extra" = true ]; then
    mkdir -p "$root/usr/share"
    cp -a /usr/share/zoneinfo "$root/usr/share/"
fi
