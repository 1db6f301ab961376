#!/usr/bin/env bash
# Gives the metrics adapter a serving certificate the API server trusts, for clusters without
# cert-manager (with it, use deploy/overlays/cert-manager instead):
#   1. makes a CA and a certificate for ktruth-adapter.<namespace>.svc signed by it (openssl),
#   2. stores the certificate in the Secret ktruth-adapter-tls (mounted at /etc/ktruth/tls),
#   3. puts the CA into spec.caBundle of those of the three metrics APIServices the chosen overlay
#      registered (the base registers none; one that is not there is skipped and said so),
#   4. restarts the recommender so it serves the new certificate.
# The CA key is not kept unless --out DIR is given; run the script again to rotate (before the
# certificate's --days run out).
#
#   deploy/tls/adapter-cert.sh [--namespace kernel-truth] [--days 365] [--out DIR] [--print]
#
# --print writes the Secret and the APIService patches as YAML to stdout and changes nothing in
# the cluster (review it, or commit it to a GitOps repository; it contains a private key).
set -euo pipefail

namespace=kernel-truth
days=365
out=""
print=false
while (($#)); do
  case "$1" in
    --namespace) namespace=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --print) print=true; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "adapter-cert: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $days =~ ^[1-9][0-9]*$ ]] || { echo "adapter-cert: --days must be a positive integer, not '$days'" >&2; exit 2; }
command -v openssl >/dev/null || { echo "adapter-cert: openssl is required (apt-get install openssl)" >&2; exit 1; }
$print || command -v kubectl >/dev/null || { echo "adapter-cert: kubectl is required (or use --print)" >&2; exit 1; }

service=ktruth-adapter
apiservices=(v1beta2.custom.metrics.k8s.io v1beta1.custom.metrics.k8s.io v1beta1.external.metrics.k8s.io)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The aggregator connects to <service>.<namespace>.svc; the other names serve in-cluster clients.
# P-256 keys: fast to make, and accepted by the API server's Go TLS stack.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days $((days * 3)) \
  -keyout "$work/ca.key" -out "$work/ca.crt" -subj "/CN=kernel-truth adapter CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -keyout "$work/tls.key" -out "$work/tls.csr" \
  -subj "/CN=$service.$namespace.svc" 2>/dev/null
printf '%s\n' \
  "subjectAltName=DNS:$service,DNS:$service.$namespace,DNS:$service.$namespace.svc,DNS:$service.$namespace.svc.cluster.local" \
  "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature" "basicConstraints=critical,CA:FALSE" \
  > "$work/ext.cnf"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
  -days "$days" -sha256 -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null

b64() { base64 -w0 < "$1"; }
ca_bundle=$(b64 "$work/ca.crt")

if [[ -n $out ]]; then
  mkdir -p "$out"
  cp "$work"/{ca.crt,ca.key,tls.crt,tls.key} "$out"/
  chmod 600 "$out"/*.key
fi

if $print; then
  cat <<YAML
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: ktruth-adapter-tls
  namespace: $namespace
data:
  tls.crt: $(b64 "$work/tls.crt")
  tls.key: $(b64 "$work/tls.key")
  ca.crt: $ca_bundle
YAML
  for name in "${apiservices[@]}"; do
    printf -- '---\napiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: %s\nspec:\n  caBundle: %s\n' "$name" "$ca_bundle"
  done
  exit 0
fi

kubectl -n "$namespace" create secret generic ktruth-adapter-tls --type=kubernetes.io/tls \
  --from-file=tls.crt="$work/tls.crt" --from-file=tls.key="$work/tls.key" --from-file=ca.crt="$work/ca.crt" \
  --dry-run=client -o yaml | kubectl apply -f -
for name in "${apiservices[@]}"; do
  if ! kubectl get apiservice "$name" >/dev/null 2>&1; then
    echo "adapter-cert: APIService $name is not registered (the overlay you installed leaves it to another adapter); skipped" >&2
    continue
  fi
  kubectl patch apiservice "$name" --type merge -p "{\"spec\":{\"caBundle\":\"$ca_bundle\",\"insecureSkipTLSVerify\":false}}"
done
kubectl -n "$namespace" rollout restart deployment/ktruth-recommender
echo "adapter-cert: certificate for $service.$namespace.svc valid $days days; check: kubectl get apiservice ${apiservices[*]}"
