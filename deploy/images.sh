#!/usr/bin/env bash
# Builds the two images, ktruth-sensor and ktruth-recommender, tagged with the project's one version
# (<Version> in Directory.Build.props) under the names deploy/base/kustomization.yaml gives them (its
# `images:` newName), so what is built is what `kubectl apply -k deploy/` runs. Uses whichever OCI
# builder this machine has: docker (with a running engine), podman, buildah or nerdctl, in that order
# (KTRUTH_BUILDERS="podman docker" changes the order).
#
#   deploy/images.sh            build both
#   deploy/images.sh --push     build, then push both
#   deploy/images.sh --print    print the commands, run nothing
set -euo pipefail
cd "$(dirname "$0")/.."

push=0 print=0
for arg in "$@"; do
  case "$arg" in
    --push) push=1 ;;
    --print) print=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "images.sh: unknown argument '$arg' (--push, --print, --help)" >&2; exit 2 ;;
  esac
done

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
[[ -n "$version" ]] || { echo "images.sh: no <Version> in Directory.Build.props" >&2; exit 1; }

# newName of an image in deploy/base/kustomization.yaml: the line after "- name: <image>".
image_name() {
  awk -v want="$1" '$1 == "-" && $2 == "name:" { found = ($3 == want); next }
                    found && $1 == "newName:" { print $2; exit }' deploy/base/kustomization.yaml
}
sensor=$(image_name ktruth-sensor)
recommender=$(image_name ktruth-recommender)
[[ -n "$sensor" && -n "$recommender" ]] || { echo "images.sh: deploy/base/kustomization.yaml names no newName for ktruth-sensor or ktruth-recommender" >&2; exit 1; }
tag=$(awk '$1 == "newTag:" { gsub(/"/, "", $2); print $2; exit }' deploy/base/kustomization.yaml)
if [[ "$tag" != "$version" ]]; then
  echo "images.sh: deploy/base/kustomization.yaml tags the images '$tag' but the version is '$version' (Directory.Build.props); make them agree" >&2
  exit 1
fi

builder=""
tried=()
for candidate in ${KTRUTH_BUILDERS:-docker podman buildah nerdctl}; do
  tried+=("$candidate")
  command -v "$candidate" >/dev/null 2>&1 || continue
  case "$candidate" in
    docker|nerdctl) "$candidate" info >/dev/null 2>&1 || { tried[-1]="$candidate (client only, no engine)"; continue; } ;;
  esac
  builder=$candidate
  break
done

build_cmd() { # Dockerfile, image
  if [[ "$builder" == buildah ]]; then echo "buildah bud -f $1 -t $2 ."; else echo "${builder:-docker} build -f $1 -t $2 ."; fi
}
commands=(
  "$(build_cmd deploy/docker/sensor.Dockerfile "$sensor:$version")"
  "$(build_cmd deploy/docker/recommender.Dockerfile "$recommender:$version")"
)
if ((push)); then
  commands+=("${builder:-docker} push $sensor:$version" "${builder:-docker} push $recommender:$version")
fi

if ((print)); then
  printf '%s\n' "${commands[@]}"
  exit 0
fi

if [[ -z "$builder" ]]; then
  echo "images.sh: no OCI image builder on this machine (tried: ${tried[*]}); install docker, podman, buildah or nerdctl, or run the commands of --print elsewhere" >&2
  exit 1
fi

echo "images.sh: building with $builder, version $version"
for c in "${commands[@]}"; do
  echo "+ $c"
  $c
done
