# syntax=docker/dockerfile:1
# ktruth-recommender: recommender, VPA owner and metrics adapter. Build from the repository root:
#   docker build -f deploy/docker/recommender.Dockerfile -t ghcr.io/kernel-truth/ktruth-recommender:0.2.0 .
# Base images are pinned to exact versions; bump them together with global.json.

# Project files only, so the restore layer below is rebuilt only when a project file changes.
FROM mcr.microsoft.com/dotnet/sdk:10.0.100-noble AS projects
WORKDIR /src
COPY . .
RUN find . -type f ! -name '*.csproj' ! -name '*.props' ! -name '*.targets' \
        ! -name global.json ! -name BannedSymbols.txt -delete \
    && find . -type d -empty -delete

FROM mcr.microsoft.com/dotnet/sdk:10.0.100-noble AS build
# No BPF toolchain: the recommender consumes the snapshot contracts (node-sensor/Contracts) and never
# references the BPF sensor library, so nothing here compiles bpf/*.bpf.c.
WORKDIR /src
COPY --from=projects /src ./
RUN dotnet restore recommender/Service/Service.csproj
COPY . .
RUN dotnet publish recommender/Service/Service.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0-noble AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's unprivileged "app" user (uid 1654); numeric so runAsNonRoot can verify it.
USER 1654
EXPOSE 8080 6443
ENTRYPOINT ["/app/ktruth-recommender"]
