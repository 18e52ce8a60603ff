# The image holds partnermap's static binary and nothing else, as
# GoReleaser's images do: no shell, no package manager, and no CA
# certificates or time zones, as it only serves and logs in UTC. Build it
# with `make image` (buildah) or, after `make dist`, `docker build .`;
# Dockerfile is a copy of this file. Run it with a data file or an
# atlas's folder mounted at /data:
#
#   docker run -p 8080:8080 -v ./network:/data:ro partnermap serve --data /data
#
# Without --data it serves the embedded network. Every flag of serve has
# its environment variable (PARTNERMAP_BASE_URL, PARTNERMAP_WATCH, ...).
FROM scratch
ARG TARGETARCH
COPY bin/dist/partnermap-linux-${TARGETARCH} /partnermap
# An unprivileged user with no home, distroless's "nonroot".
USER 65532:65532
# The healthcheck asks the address in PARTNERMAP_ADDR: set a port with it
# rather than with --addr.
ENV PARTNERMAP_ADDR=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/partnermap", "healthcheck", "--timeout", "4s"]
ENTRYPOINT ["/partnermap"]
CMD ["serve"]
