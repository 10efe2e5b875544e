# fmz-camel-bridge in a container (README, "Run with Docker").
#   docker build -t fmz-camel-bridge .
#   docker run -d --name fmz-bridge --restart on-failure -p 127.0.0.1:6666:6666 fmz-camel-bridge

# --- build: the runnable jar, tests left to CI (they open local ports and take minutes) ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# the dependencies first, so that a change to the sources does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY routes routes
COPY examples examples
RUN mvn -B -q package -DskipTests

# --- run: a Java 17 JRE, an unprivileged user, nothing else ---
# Ubuntu-based rather than Alpine: Temurin publishes it for amd64 and arm64 alike (ARM VPSes)
FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system --gid 10001 fmz \
    && useradd --system --uid 10001 --gid fmz --home-dir /nonexistent --shell /usr/sbin/nologin fmz \
    && mkdir /vault && chown fmz:fmz /vault && chmod 700 /vault
COPY --from=build /src/target/fmz-camel-bridge.jar /app/fmz-camel-bridge.jar
# a class-data archive made with this image's own JVM: the bridge starts about a third faster
COPY deploy/class-data-archive.sh /app/
RUN /app/class-data-archive.sh /app/fmz-camel-bridge.jar /app/fmz-camel-bridge.jsa
USER fmz
# The bridge binds loopback unless told otherwise, and a container's loopback is unreachable from
# the host: here it binds every interface of the container. Publish the port on the host's
# loopback only (-p 127.0.0.1:6666:6666), never on all of its addresses.
ENV FMZ_LISTEN_HOST=0.0.0.0
# the heap and collector the benchmark runs with (bench/run.sh): enough for a small VPS
ENV JDK_JAVA_OPTIONS="-XX:+UseSerialGC -Xms64m -Xmx192m -XX:SharedArchiveFile=/app/fmz-camel-bridge.jsa"
EXPOSE 6666
# the key vault, if used: FMZ_VAULT_FILE=/vault/vault.p12 (README, "Keys kept local")
VOLUME ["/vault"]
ENTRYPOINT ["java", "-jar", "/app/fmz-camel-bridge.jar"]
