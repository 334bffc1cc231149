# syntax=docker/dockerfile:1
# The Fusebox demo service. Build from the repository root:
#   docker build -t fusebox-demo:0.1.0 .
#   docker run --rm -p 8080:8080 -p 9090:9090 --memory 128m fusebox-demo:0.1.0
# The base images are build arguments: --build-arg BUILD_IMAGE=... / RUNTIME_IMAGE=... (a JDK 17 with Maven 3.8+, and
# a JRE 17 with bash and coreutils). The legacy builder (DOCKER_BUILDKIT=0) ignores the syntax line above.
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# ---- build: Maven on a JDK, dependencies resolved in their own cached layer --------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /build

# Every module's pom first: this layer, and the dependency download below, change only when a pom does.
COPY pom.xml ./
COPY bom/pom.xml bom/
COPY toolkit/pom.xml toolkit/
COPY vertx-integration/pom.xml vertx-integration/
COPY kotlin/pom.xml kotlin/
COPY demo-service/pom.xml demo-service/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -q -pl demo-service -am dependency:go-offline -DexcludeReactor=true -DexcludeGroupIds=dev.fusebox

# Then the sources of the modules the demo is built from. No javadoc or sources jars: the image needs neither.
COPY toolkit/src toolkit/src
COPY vertx-integration/src vertx-integration/src
COPY demo-service/src demo-service/src
RUN mvn -B -q -pl demo-service -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Dcheckstyle.skip=true

# ---- runtime: a JRE, dependencies in one layer, the application jar on top ----------------------------------------
FROM ${RUNTIME_IMAGE}
WORKDIR /app

# Third-party jars change rarely: their layer is reused across application changes.
COPY --from=build /build/demo-service/target/lib/ /app/lib/
# The thin application jar; its manifest's Class-Path points into lib/.
COPY --from=build /build/demo-service/target/fusebox-demo-service-thin.jar /app/fusebox-demo-service.jar

# Flags chosen by measurement (README, "Memory and start-up") to fit the seed's pod, limits 128Mi, with margin:
# the serial collector and a capped heap (the live set is ~10 MiB); capped metaspace, code cache, direct memory and
# thread stacks; the C1 compiler only, as C2's compilations alone lifted the peak RSS from ~90 to 107-130 MiB under
# load; the native heap trimmed every second and two malloc arenas; a clean exit (for the orchestrator to restart)
# instead of a half-dead JVM on OutOfMemoryError. Metaspace: ~11 MB used alone, 41 MB with cluster.enabled (Hazelcast's
# classes), hence the 64m cap; a cap costs nothing until used.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx48m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=24m -XX:MaxDirectMemorySize=8m -Xss256k -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=1000 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    HTTP_PORT=8080 \
    METRICS_PORT=9090

# AppCDS: a training run of the image's own JVM and jars writes the classes a serving pod loads into an archive the
# entrypoint maps, for a faster start and less metaspace. Same paths as at run time, or the JVM ignores the archive.
COPY --from=build /build/demo-service/src/main/docker/cds-training.sh /app/cds-training.sh
RUN /app/cds-training.sh java -XX:ArchiveClassesAtExit=/app/fusebox-demo-service.jsa \
        -jar /app/fusebox-demo-service.jar \
    && chmod 0444 /app/fusebox-demo-service.jsa

EXPOSE 8080 9090

# A numeric non-root user, so Kubernetes' runAsNonRoot can verify it; it owns nothing in the image.
USER 10001:10001

# Exec form: java is PID 1 and gets SIGTERM itself, so in-flight requests finish before it exits.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/fusebox-demo-service.jsa", "-jar", "/app/fusebox-demo-service.jar"]
