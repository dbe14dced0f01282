#!/bin/sh
# Copies the .NET runtime (host, .NET and ASP.NET Core shared frameworks; no SDK) from $1 to $2.
set -eu
from=$1; to=$2
mkdir -p "$to/shared" "$to/host"
cp -a "$from/dotnet" "$from/LICENSE.txt" "$to/"
cp -a "$from/host/fxr" "$to/host/"
cp -a "$from/shared/Microsoft.NETCore.App" "$from/shared/Microsoft.AspNetCore.App" "$to/shared/"
