# syntax=docker/dockerfile:1
# ktruth-sensor, the node DaemonSet's image. Build from the repository root:
#   docker build -f deploy/docker/sensor.Dockerfile -t ghcr.io/kernel-truth/ktruth-sensor:0.2.0 .
# Base images are pinned to exact versions; bump them together with global.json.

# Project files only, so the restore layer below is rebuilt only when a project file changes.
FROM mcr.microsoft.com/dotnet/sdk:10.0.100-noble AS projects
WORKDIR /src
COPY . .
RUN find . -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' \
        ! -name global.json ! -name BannedSymbols.txt -delete \
    && find . -type d -empty -delete

FROM mcr.microsoft.com/dotnet/sdk:10.0.100-noble AS build
# The build compiles bpf/*.bpf.c (bpf/Bpf.targets): clang, make, libbpf and kernel UAPI headers.
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang llvm make libbpf-dev libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY --from=projects /src ./
RUN dotnet restore node-sensor/SensorHost/SensorHost.csproj
COPY . .
RUN dotnet publish node-sensor/SensorHost/SensorHost.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0-noble AS runtime
# libbpf is loaded at run time through P/Invoke (libbpf.so.1).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libbpf1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Root on purpose: Kubernetes adds capabilities (BPF, PERFMON, SYS_RESOURCE, SYSLOG) only to
# uid 0's effective set. The DaemonSet drops every other capability and is not privileged.
USER 0
EXPOSE 9470
ENTRYPOINT ["/app/ktruth-sensor"]
CMD ["--listen", "0.0.0.0:9470"]
