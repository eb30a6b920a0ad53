package io.incidentfeeds.e2e.rehearsal;

import io.incidentfeeds.e2e.Entitlements;
import io.incidentfeeds.e2e.ResumingConsole;
import io.incidentfeeds.localstack.tokens.DemoTokenFile;
import io.incidentfeeds.schemas.reconciled.ReconciledIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The rehearsal's consoles: {@code perAgency} each of San Francisco fire, San Mateo County fire (by
 * jurisdiction and mutual aid) and the EOC (everything), connected one after another through the
 * load balancer, so that they alternate between the edges. Each reconnects whenever its connection
 * ends, resuming from its last position, as the browser console does; the one whose edge died
 * comes back through the other. Each console's time without a new heartbeat version is kept.
 */
final class ConsoleFleet implements AutoCloseable {

    private static final List<String> AGENCIES = List.of("sffd", "smcfire", "oes");

    private final List<Member> members = new ArrayList<>();
    private final ExecutorService reconnecting = Executors.newCachedThreadPool();
    private volatile boolean closing;

    /** One console and its heartbeat watch. */
    static final class Member {
        final ResumingConsole console;
        final String agency;
        private final String heartbeatId;
        private long highest;
        private long lastNewNanos;
        private long longestGapNanos;

        Member(ResumingConsole console, String agency, String heartbeatId) {
            this.console = console;
            this.agency = agency;
            this.heartbeatId = heartbeatId;
            console.listen(this::received);
        }

        private synchronized void received(String id, long version) {
            if (id.equals(heartbeatId) && version > highest) {
                long now = System.nanoTime();
                if (highest > 0) {
                    longestGapNanos = Math.max(longestGapNanos, now - lastNewNanos);
                }
                highest = version;
                lastNewNanos = now;
            }
        }

        /** The longest time without a new heartbeat version since the last call, a wait still going included. */
        synchronized Duration takeLongestGap() {
            long now = System.nanoTime();
            long gap = Math.max(longestGapNanos, highest > 0 ? now - lastNewNanos : 0);
            longestGapNanos = 0;
            return Duration.ofNanos(gap);
        }

        synchronized long heartbeatVersion() {
            return highest;
        }

        boolean isEoc() {
            return agency.equals("oes");
        }
    }

    ConsoleFleet(String url, String jwtSecret, int perAgency, String heartbeatId) {
        DemoTokenFile tokens = new DemoTokenFile(jwtSecret, Duration.ofHours(4));
        Instant now = Instant.now();
        for (int i = 1; i <= perAgency; i++) {
            for (String agency : AGENCIES) {
                List<String> roles = agency.equals("oes") ? List.of("eoc") : List.of("dispatcher");
                ResumingConsole console = new ResumingConsole(agency + "-" + i, tokens.mint(agency, roles, now), url);
                members.add(new Member(console, agency, heartbeatId));
            }
        }
    }

    /** Connects every console, one after another, and keeps each connected from then on. */
    void connect() throws Exception {
        for (Member member : members) {
            member.console.connect(Duration.ofMinutes(1));
            reconnecting.submit(() -> stayConnected(member.console));
        }
    }

    private Void stayConnected(ResumingConsole console) throws Exception {
        while (!closing) {
            console.closed().get();
            if (!closing) {
                console.connect(Duration.ofMinutes(3));
            }
        }
        return null;
    }

    List<Member> members() {
        return members;
    }

    /** The longest time any console went without a new heartbeat version since the last call. */
    Duration takeLongestGap() {
        return members.stream().map(Member::takeLongestGap).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** How many times, in all, the consoles' connections have ended. */
    int disconnections() {
        return members.stream().mapToInt(m -> m.console.closeCodes().size()).sum();
    }

    /**
     * Waits until every console's map holds exactly the live incidents among {@code incidents} it
     * may see, at their last versions on {@code incidents.reconciled}; returns the consoles that did
     * not get there within {@code within}, with what they lack.
     */
    List<String> awaitConverged(String bootstrap, Set<String> incidents, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> differences;
        do {
            Map<String, ReconciledIncident> live = Entitlements.liveIncidents(bootstrap, incidents);
            differences = new ArrayList<>();
            for (Member member : members) {
                Map<String, Long> expected = new TreeMap<>();
                Entitlements.entitled(member.agency, member.isEoc(), live)
                        .forEach(id -> expected.put(id, live.get(id).reconciliation().version()));
                Map<String, Long> seen = member.console.view(incidents);
                if (!seen.equals(expected)) {
                    differences.add(member.console.name + ": expected " + expected.size() + " incidents, has " + seen.size()
                            + ", " + difference(expected, seen));
                }
            }
            if (differences.isEmpty()) {
                return differences;
            }
            Thread.sleep(1_000);
        } while (System.nanoTime() < deadline);
        return differences;
    }

    private static String difference(Map<String, Long> expected, Map<String, Long> seen) {
        return expected.entrySet().stream().filter(e -> !e.getValue().equals(seen.get(e.getKey())))
                .limit(3).map(e -> e.getKey() + " v" + e.getValue() + " seen v" + seen.get(e.getKey())).toList().toString();
    }

    /** Every version that went back or came twice on one connection, on any console. */
    List<String> violations() {
        List<String> all = new ArrayList<>();
        members.forEach(m -> m.console.violations().forEach(v -> all.add(m.console.name + ": " + v)));
        return all;
    }

    @Override
    public void close() {
        closing = true;
        members.forEach(m -> m.console.close());
        reconnecting.shutdownNow();
    }
}
