package io.fmzbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BridgeHostsTest {

    @Test
    void loopbackNamesServeOnAnyPortAsAPublishedContainerPortDiffers() {
        BridgeHosts hosts = new BridgeHosts("0.0.0.0", 6666, "");

        assertThat(hosts.allows("127.0.0.1:6666")).isTrue();
        assertThat(hosts.allows("127.0.0.1:7000")).isTrue();
        assertThat(hosts.allows("localhost")).isTrue();
        assertThat(hosts.allows("[::1]:6666")).isTrue();
        assertThat(hosts.allows("0.0.0.0:6666")).as("a wildcard address names no host").isFalse();
        assertThat(hosts.allows("127.0.0.2:6666")).isFalse();
        assertThat(hosts.allows("localhost.:6666")).isFalse();
    }

    @Test
    void aSpecificListeningAddressIsANameOfTheBridgeOnItsPort() {
        BridgeHosts hosts = new BridgeHosts("192.168.1.5", 6666, "");

        assertThat(hosts.allows("192.168.1.5:6666")).isTrue();
        assertThat(hosts.allows("192.168.1.5")).isTrue();
        assertThat(hosts.allows("192.168.1.5:6667")).isFalse();
        assertThat(hosts.allows("192.168.1.50:6666")).isFalse();
        assertThat(hosts.allows("127.0.0.1:6666")).isTrue();
    }

    @Test
    void anIpv6ListeningAddressIsMatchedInBrackets() {
        BridgeHosts hosts = new BridgeHosts("FD00::5", 6666, "");

        assertThat(hosts.allows("[fd00::5]:6666")).isTrue();
        assertThat(hosts.allows("[fd00::5]:1")).isFalse();
        assertThat(hosts.allows("fd00::5")).isFalse();
        assertThat(new BridgeHosts("::", 6666, "").allows("[::]:6666")).isFalse();
    }

    @Test
    void allowedNamesServeAnyPortAndNamesWithAPortThatPortOnly() {
        BridgeHosts hosts = new BridgeHosts("127.0.0.1", 6666, " fmz-bridge ,Bridge.LAN:7000, fd00::7, [fd00::8]:6666");

        assertThat(hosts.allows("FMZ-BRIDGE:6666")).isTrue();
        assertThat(hosts.allows("fmz-bridge:1")).isTrue();
        assertThat(hosts.allows("bridge.lan:7000")).isTrue();
        assertThat(hosts.allows("bridge.lan:7001")).isFalse();
        assertThat(hosts.allows("[fd00::7]:9")).isTrue();
        assertThat(hosts.allows("[fd00::8]:6666")).isTrue();
        assertThat(hosts.allows("[fd00::8]:6667")).isFalse();
        assertThat(hosts.allows("fmz-bridge.evil.example:6666")).isFalse();
        assertThat(hosts.allows("evil.fmz-bridge:6666")).isFalse();
    }

    @Test
    void malformedValuesAreRefused() {
        BridgeHosts hosts = new BridgeHosts("127.0.0.1", 6666, "");

        for (String host : new String[] {"", ":6666", "127.0.0.1:", "127.0.0.1:66x", "127.0.0.1:123456", "127.0.0.1:65536",
                "[::1", "[::1]x", "[::1]:", "127.0.0.1:6666:1"}) {
            assertThat(hosts.allows(host)).as(host).isFalse();
        }
    }

    @Test
    void aBadAllowedHostsEntryStopsTheStartNamingIt() {
        for (String entry : new String[] {"fmz-bridge:port", "bridge:70000", "0.0.0.0", "*", "http://fmz-bridge", "[fd00::1"}) {
            assertThatThrownBy(() -> new BridgeHosts("127.0.0.1", 6666, entry)).as(entry)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fmz.listen.allowed-hosts: '");
        }
    }
}
