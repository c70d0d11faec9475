# syntax=docker/dockerfile:1
# One image per application module, built from the repository root:
#   docker build --build-arg MODULE=ingest-service -t telemetry/ingest-service .
#   docker build --build-arg MODULE=persistence-service -t telemetry/persistence-service .
#   docker build --build-arg MODULE=device-simulator -t telemetry/device-simulator .
ARG MODULE

FROM eclipse-temurin:21-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
# ~/.m2 lives in a BuildKit cache, so dependencies download once across builds
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl ${MODULE} -am package -Dmaven.test.skip=true -Dspring-javaformat.skip=true -Djacoco.skip=true \
 && java -Djarmode=tools -jar ${MODULE}/target/${MODULE}-*-exec.jar extract --layers --launcher --destination /layers \
 && cp ${MODULE}/target/classes/META-INF/sbom/application.cdx.json /layers/sbom.cdx.json

FROM eclipse-temurin:21-jre AS application
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
# One layer per rate of change: dependencies rarely, the application often
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# The CycloneDX SBOM of the application (its Maven dependencies), also in the jar at META-INF/sbom/
COPY --from=build /layers/sbom.cdx.json ./
USER 10001:10001
# Heap sized from the container's memory limit; die (and be restarted) rather than limp on OOM
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

# What differs per module: the ports it listens on (its own, then Actuator's) and the readiness check on Actuator's port
FROM application AS ingest-service
EXPOSE 8081 8181
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8181/actuator/health/readiness || exit 1

FROM application AS persistence-service
EXPOSE 8082 8182
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8182/actuator/health/readiness || exit 1

# The simulator only sends: no port, nothing to check
FROM application AS device-simulator

# The image of the module named by MODULE
FROM ${MODULE}
