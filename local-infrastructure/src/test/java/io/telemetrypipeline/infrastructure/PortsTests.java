package io.telemetrypipeline.infrastructure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTests {

	@Test
	void handsOutBindablePortsBelowTheEphemeralRange() throws IOException {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			int port = Ports.free();
			assertThat(port).isBetween(Ports.LOWEST, Ports.ephemeralStart() - 1);
			try (ServerSocket server = new ServerSocket()) {
				server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
				assertThat(server.getLocalPort()).isEqualTo(port);
			}
			ports.add(port);
		}
		assertThat(ports).as("random ports, not one port again and again").hasSizeGreaterThan(10);
	}

}
