package io.pulsecrm.deploy.supervision;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds ports already taken before anything starts, so a clash is one clear message, not six stack traces. */
public final class PortCheck {

    private PortCheck() {
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // as the services bind: connections of a previous run lingering in TIME_WAIT don't make a port busy
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @param portsByUser e.g. {@code "contacts-service" -> 8081}; returns a line per port in use */
    public static List<String> conflicts(Map<String, Integer> portsByUser) {
        List<String> conflicts = new ArrayList<>();
        portsByUser.forEach((user, port) -> {
            if (!isFree(port)) {
                conflicts.add("port " + port + " (" + user + ") is already in use");
            }
        });
        return conflicts;
    }
}
