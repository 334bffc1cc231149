# syntax=docker/dockerfile:1
# The Fusebox demo service. Build from the repository root:
#   docker build -t fusebox-demo:0.1.0 .
#   docker run --rm -p 8080:8080 -p 9090:9090 fusebox-demo:0.1.0

# ---- build: Maven on a JDK, dependencies resolved in their own cached layer --------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build

# Every module's pom first: this layer, and the dependency download below, change only when a pom does.
COPY pom.xml ./
COPY toolkit/pom.xml toolkit/
COPY vertx-integration/pom.xml vertx-integration/
COPY demo-service/pom.xml demo-service/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -q -pl demo-service -am dependency:go-offline -DexcludeReactor=true -DexcludeGroupIds=dev.fusebox

# Then the sources of the modules the demo is built from.
COPY toolkit/src toolkit/src
COPY vertx-integration/src vertx-integration/src
COPY demo-service/src demo-service/src
RUN mvn -B -q -pl demo-service -am package -DskipTests

# ---- runtime: a JRE, dependencies in one layer, the application jar on top ----------------------------------------
FROM eclipse-temurin:17-jre
WORKDIR /app

# Third-party jars change rarely: their layer is reused across application changes.
COPY --from=build /build/demo-service/target/lib/ /app/lib/
# The thin application jar; its manifest's Class-Path points into lib/.
COPY --from=build /build/demo-service/target/fusebox-demo-service-thin.jar /app/fusebox-demo-service.jar

# Container-aware heap sizing, and a clean exit (for the orchestrator to restart) instead of a half-dead JVM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    HTTP_PORT=8080 \
    METRICS_PORT=9090

EXPOSE 8080 9090

# A numeric non-root user, so Kubernetes' runAsNonRoot can verify it; it owns nothing in the image.
USER 10001:10001

# Exec form: java is PID 1 and gets SIGTERM itself, so in-flight requests finish before it exits.
ENTRYPOINT ["java", "-jar", "/app/fusebox-demo-service.jar"]
