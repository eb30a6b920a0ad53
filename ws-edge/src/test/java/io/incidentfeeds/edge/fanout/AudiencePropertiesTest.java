package io.incidentfeeds.edge.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentfeeds.access.AccessScope;
import io.incidentfeeds.access.Viewer;
import io.incidentfeeds.edge.metrics.EdgeMetrics;
import io.incidentfeeds.edge.view.Change;
import io.incidentfeeds.edge.view.LiveIncident;
import io.incidentfeeds.edge.view.Position;
import io.incidentfeeds.schemas.protocol.Channel;
import io.incidentfeeds.schemas.protocol.Filters;
import io.incidentfeeds.schemas.reconciled.DiffType;
import io.incidentfeeds.schemas.telemetry.IncidentStatus;
import io.incidentfeeds.schemas.telemetry.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The fan-out decides once per {@link Audience} (sessions of the same sight, channel and filters);
 * per session, that must deliver exactly what deciding for each session alone delivers. For random
 * scopes (seeing everything, own agency, jurisdictions, sharing grants, any roles), random
 * subscriptions (two channels, one or two filters over agencies, types, statuses, severities and a
 * bbox; some resumed from a position ahead of the view, which skips changes below it), sessions that
 * unsubscribe or close, and random batches of changes (creates, updates that move an incident in
 * and out of sight, deletes, tombstones), each session's frames on each channel, received over a
 * real Netty channel below the WebSocket encoder, are the frames the per-session decision
 * ({@link Fanout#diffFor(ChannelSubscription, Change, IncidentFilter)} over every subscription, no
 * index, skipping what the test knows each resume skips) gives, in order; nothing is conflated or
 * dropped on the way. And after every step the fan-out decides no more often than it must: one
 * audience per sight, channel and set of filters, plus one per subscription resumed from a position
 * the view has not reached yet (once it has, that subscription decides with its audience again).
 */
class AudiencePropertiesTest {

    private static final List<String> AGENCIES = List.of("a", "b", "c");
    private static final List<String> JURISDICTIONS = List.of("j1", "j2");
    private static final List<String> TYPES = List.of("fire", "flood");
    private static final double[] WEST = {-10, -10, -5, 10};
    private static final double[] EAST = {5, -10, 10, 10};
    /** The filter most consoles subscribe with. */
    private static final Filters USUAL = Filters.ALL;
    private static final int PARTITIONS = 2;
    private static final int INCIDENTS = 5;

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @AfterContainer
    static void stopLoops() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    sealed interface Op permits Subscribe, Unsubscribe, Close, Batch {
    }

    /**
     * Session {@code session} adds a filter on a channel (null: its usual one); {@code aheadBy} > 0
     * resumes that far ahead of the view.
     */
    record Subscribe(int session, Channel channel, Filters filters, int aheadBy) implements Op {
    }

    record Unsubscribe(int session, Channel channel) implements Op {
    }

    record Close(int session) implements Op {
    }

    /** One poll batch: each step writes incident {@code incident}'s next state, null for a tombstone. */
    record Batch(List<Step> steps) implements Op {
    }

    record Step(int incident, State state) {
    }

    record State(List<String> agencies, List<String> jurisdictions, String type, String status, String severity,
                 double[] bbox, boolean deleted) {
    }

    @Property(tries = 200)
    void eachSessionGetsWhatItsOwnDecisionGives(@ForAll("scopes") List<AccessScope> scopes,
                                                @ForAll("scripts") List<Op> script) throws Exception {
        EdgeMetrics metrics = new EdgeMetrics(new SimpleMeterRegistry());
        Fanout fanout = new Fanout(metrics);
        AtomicInteger conflatedOrDropped = new AtomicInteger();
        try (Consoles consoles = new Consoles(scopes, conflatedOrDropped)) {
            World world = new World();
            boolean shared = false;
            boolean rejoined = false;
            for (Op op : script) {
                if (op instanceof Subscribe s) {
                    subscribe(fanout, consoles.get(s.session()), s, world, consoles.floors);
                    shared |= fanout.audiences() < fanout.size();
                } else if (op instanceof Unsubscribe u) {
                    ChannelSubscription cs = consoles.get(u.session()).channels.remove(u.channel());
                    if (cs != null) {
                        fanout.unindex(cs);
                    }
                } else if (op instanceof Close c) {
                    // Frames already handed to the event loops were decided while it was open.
                    consoles.settle();
                    TestSubscriber session = consoles.get(c.session());
                    session.active = false;
                    session.channels.values().forEach(fanout::unindex);
                } else if (op instanceof Batch b) {
                    long ahead = consoles.filed().filter(cs -> consoles.ahead(cs, world)).count();
                    List<Change> changes = world.apply(b.steps());
                    for (Change change : changes) {
                        consoles.expect(change);
                    }
                    fanout.onChanges(changes);
                    fanout.afterChanges();
                    rejoined |= consoles.filed().filter(cs -> consoles.ahead(cs, world)).count() < ahead;
                }
                assertThat(fanout.audiences()).as("audiences after %s", op).isEqualTo(consoles.audiencesNeeded(world));
            }
            Statistics.label("an audience of several subscriptions").collect(shared);
            Statistics.label("a resumed subscription caught up").collect(rejoined);
            consoles.settle();
            for (TestSubscriber session : consoles.sessions) {
                for (Channel channel : List.of(Channel.INCIDENTS, Channel.ALERTS)) {
                    assertThat(session.received(channel))
                            .as("session %d (%s) on %s", session.index, session.scope, channel)
                            .containsExactlyElementsOf(session.expected.getOrDefault(channel, List.of()));
                }
            }
            assertThat(conflatedOrDropped).hasValue(0);
        }
        Statistics.label("an audience of several subscriptions")
                .coverage(c -> c.check(true).percentage(p -> p >= 10));
        Statistics.label("a resumed subscription caught up")
                .coverage(c -> c.check(true).percentage(p -> p >= 10));
    }

    /**
     * As SubscriptionStart files a subscription (its snapshot or resume aside), once; {@code floors}
     * gets the position it resumed from.
     */
    private static void subscribe(Fanout fanout, TestSubscriber session, Subscribe s, World world,
                                  Map<ChannelSubscription, long[]> floors) {
        if (!session.active) {
            return;
        }
        ChannelSubscription cs = session.channels.computeIfAbsent(s.channel(), c -> new ChannelSubscription(session, c));
        cs.add(new IncidentFilter(s.filters() != null ? s.filters() : USUAL));
        if (s.aheadBy() > 0) {
            Position now = world.position();
            long[] ahead = now.toArray();
            ahead[s.aheadBy() % PARTITIONS] += s.aheadBy();
            assertThat(cs.skipUpTo(new Position(ahead), now)).isTrue();
            floors.put(cs, ahead);
        }
        fanout.index(cs);
    }

    /** The topic and the view as the fan-out sees them: each incident's live state, offsets per partition. */
    private static final class World {
        private final long[] next = new long[PARTITIONS];
        private final Map<Integer, LiveIncident> live = new HashMap<>();
        private final Map<Integer, Long> versions = new HashMap<>();

        Position position() {
            return new Position(next);
        }

        List<Change> apply(List<Step> steps) {
            List<Change> changes = new ArrayList<>();
            for (Step step : steps) {
                int partition = step.incident() % PARTITIONS;
                long offset = next[partition]++;
                String id = "I" + step.incident();
                long version = versions.merge(step.incident(), 1L, Long::sum);
                LiveIncident after = step.state() == null ? null : incident(id, version, step.state(), partition, offset);
                LiveIncident before = live.get(step.incident());
                if (after != null && !after.deleted()) {
                    live.put(step.incident(), after);
                } else {
                    live.remove(step.incident());
                }
                changes.add(new Change(id, partition, offset, before, after, position()));
            }
            return changes;
        }

        private static LiveIncident incident(String id, long version, State s, int partition, long offset) {
            String json = "{\"id\":\"" + id + "\",\"version\":" + version + "}";
            return new LiveIncident(id, json, s.agencies(), s.jurisdictions(), s.type(), s.status(), s.severity(),
                    s.bbox(), false, s.deleted(), version, partition, offset, 1, null);
        }
    }

    /** A console as the fan-out sees it, with its channel subscriptions and what it should get. */
    private static final class TestSubscriber implements Subscriber {
        final int index;
        final AccessScope scope;
        final Map<Channel, ChannelSubscription> channels = new EnumMap<>(Channel.class);
        final Map<Channel, List<String>> expected = new EnumMap<>(Channel.class);
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        Outbox outbox;
        volatile boolean active = true;

        TestSubscriber(int index, AccessScope scope) {
            this.index = index;
            this.scope = scope;
        }

        @Override
        public AccessScope scope() {
            return scope;
        }

        @Override
        public Outbox outbox() {
            return outbox;
        }

        @Override
        public boolean active() {
            return active;
        }

        List<String> received(Channel channel) {
            String prefix = "{\"type\":\"update\",\"channel\":\"" + channel.wire() + "\"";
            return frames.stream().filter(f -> f.startsWith(prefix)).toList();
        }
    }

    /**
     * The sessions, each a server channel with a WebSocket encoder (its outbox writes below it) and a
     * client channel decoding what arrives, on two event loops.
     */
    private static final class Consoles implements AutoCloseable {
        private static final String END = "{\"type\":\"end\"}";

        final List<TestSubscriber> sessions = new ArrayList<>();
        /** Each resumed subscription's position it resumed from: it has every change below it. */
        final Map<ChannelSubscription, long[]> floors = new IdentityHashMap<>();
        private final List<io.netty.channel.Channel> channels = new ArrayList<>();

        Consoles(List<AccessScope> scopes, AtomicInteger conflatedOrDropped) throws InterruptedException {
            LocalAddress address = new LocalAddress("audiences-" + ADDRESSES.incrementAndGet());
            BlockingQueue<io.netty.channel.Channel> accepted = new LinkedBlockingQueue<>();
            io.netty.channel.Channel server = new ServerBootstrap().group(LOOPS).channel(LocalServerChannel.class)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 22, 1 << 23))
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            ch.pipeline().addLast(new WebSocket13FrameEncoder(false));
                            accepted.add(ch);
                        }
                    }).bind(address).sync().channel();
            channels.add(server);
            Outbox.Events events = new Outbox.Events() {
                @Override
                public void sent(Outgoing message) {
                }

                @Override
                public void conflated() {
                    conflatedOrDropped.incrementAndGet();
                }

                @Override
                public void dropped(int updates) {
                    conflatedOrDropped.addAndGet(updates);
                }

                @Override
                public void slow() {
                    conflatedOrDropped.incrementAndGet();
                }
            };
            for (int i = 0; i < scopes.size(); i++) {
                TestSubscriber session = new TestSubscriber(i, scopes.get(i));
                io.netty.channel.Channel client = new Bootstrap().group(LOOPS).channel(LocalChannel.class)
                        .handler(new ChannelInitializer<LocalChannel>() {
                            @Override
                            protected void initChannel(LocalChannel ch) {
                                ch.pipeline().addLast(new WebSocket13FrameDecoder(false, false, 1 << 16),
                                        new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                            @Override
                                            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                                session.frames.add(f.text().replaceFirst(",\"timestamp\":\"[^\"]*\"", ""));
                                            }
                                        });
                            }
                        }).connect(address).sync().channel();
                io.netty.channel.Channel serverSide = accepted.poll(10, TimeUnit.SECONDS);
                session.outbox = new Outbox(1000, serverSide, 60_000, events);
                channels.add(client);
                channels.add(serverSide);
                sessions.add(session);
            }
        }

        TestSubscriber get(int session) {
            return sessions.get(session % sessions.size());
        }

        /** What each session gets for a change, decided for it alone (every subscription, no index). */
        void expect(Change change) {
            for (TestSubscriber session : sessions) {
                if (!session.active) {
                    continue;
                }
                for (ChannelSubscription cs : session.channels.values()) {
                    long[] floor = floors.get(cs);
                    if (floor != null && change.offset() < floor[change.partition()]) {
                        continue;
                    }
                    DiffType diff = Fanout.diffFor(cs, change, null);
                    if (diff != null) {
                        LiveIncident shown = diff == DiffType.DELETE
                                ? (change.before() != null ? change.before() : change.after())
                                : change.liveState();
                        session.expected.computeIfAbsent(cs.channel(), c -> new ArrayList<>())
                                .add(Frames.update("", cs.channel(), diff, shown.json(), Frames.position(change.position().encode()))
                                        .replaceFirst(",\"timestamp\":\"\"", ""));
                    }
                }
            }
        }

        /** The subscriptions filed with the fan-out: those of open sessions. */
        Stream<ChannelSubscription> filed() {
            return sessions.stream().filter(s -> s.active).flatMap(s -> s.channels.values().stream());
        }

        /** Whether the view has not yet reached the position this subscription resumed from. */
        boolean ahead(ChannelSubscription cs, World world) {
            long[] floor = floors.get(cs);
            if (floor == null) {
                return false;
            }
            for (int p = 0; p < PARTITIONS; p++) {
                if (world.position().next(p) < floor[p]) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The decisions a change needs at most: one per sight, channel and set of filters, plus one per
         * subscription still ahead of the view.
         */
        int audiencesNeeded(World world) {
            return (int) filed().map(cs -> List.of(cs.subscriber().scope().visibilityKey(), cs.channel(),
                            Set.copyOf(cs.filters()), ahead(cs, world) ? cs : "shared"))
                    .distinct().count();
        }

        /** Waits until every frame handed to the event loops so far has reached its client. */
        void settle() throws InterruptedException {
            for (TestSubscriber session : sessions) {
                session.outbox.send(new Outgoing.Text("end", END));
            }
            for (TestSubscriber session : sessions) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!session.frames.contains(END) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertThat(session.frames).as("session %d settled", session.index).contains(END);
                session.frames.remove(END);
            }
        }

        @Override
        public void close() {
            for (io.netty.channel.Channel c : channels) {
                c.close().syncUninterruptibly();
            }
        }
    }

    /** Mostly one of three common scopes (as consoles of one agency share one), any roles; sometimes any scope. */
    @Provide
    Arbitrary<List<AccessScope>> scopes() {
        Arbitrary<List<String>> roles = Arbitraries.of("dispatcher", "supervisor", "eoc").list().ofMaxSize(2).uniqueElements();
        Arbitrary<AccessScope> common = Combinators.combine(Arbitraries.of(0, 1, 2), roles).as((which, r) -> switch (which) {
            case 0 -> new AccessScope(new Viewer("a", r), false, Set.of(), Map.of(), null, false);
            case 1 -> new AccessScope(new Viewer("b", r), false, Set.of("j1"), Map.of("c", Set.of()), null, false);
            default -> new AccessScope(new Viewer("c", r), true, Set.of(), Map.of(), null, false);
        });
        Arbitrary<AccessScope> any = Combinators.combine(
                Arbitraries.of(AGENCIES),
                roles,
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(4, false)),
                Arbitraries.of(JURISDICTIONS).set().ofMaxSize(1),
                grants()).as((agency, r, seesAll, jurisdictions, grants) ->
                new AccessScope(new Viewer(agency, r), seesAll, jurisdictions, grants, null, false));
        return Arbitraries.frequencyOf(Tuple.of(6, common), Tuple.of(1, any)).list().ofMinSize(2).ofMaxSize(10);
    }

    private static Arbitrary<Map<String, Set<String>>> grants() {
        return Arbitraries.frequency(
                Tuple.of(4, Map.<String, Set<String>>of()),
                Tuple.of(1, Map.of("c", Set.<String>of())),
                Tuple.of(1, Map.of("c", Set.of("fire"))),
                Tuple.of(1, Map.of("a", Set.of("flood"), "b", Set.<String>of())));
    }

    @Provide
    Arbitrary<List<Op>> scripts() {
        Arbitrary<Integer> session = Arbitraries.integers().between(0, 9);
        Arbitrary<Channel> channel = Arbitraries.frequency(Tuple.of(3, Channel.INCIDENTS), Tuple.of(1, Channel.ALERTS));
        Arbitrary<Op> subscribe = Combinators.combine(session, channel, filters(),
                Arbitraries.frequency(Tuple.of(12, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3)))
                .as(Subscribe::new);
        Arbitrary<Op> unsubscribe = Combinators.combine(session, channel).as(Unsubscribe::new);
        Arbitrary<Op> close = session.map(Close::new);
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, INCIDENTS - 1),
                states().injectNull(0.1)).as(Step::new);
        Arbitrary<Op> batch = step.list().ofMinSize(1).ofMaxSize(6).map(Batch::new);
        return Arbitraries.frequencyOf(
                Tuple.of(7, subscribe),
                Tuple.of(1, unsubscribe),
                Tuple.of(1, close),
                Tuple.of(6, batch)).list().ofMinSize(8).ofMaxSize(40);
    }

    /** Mostly null: the session's usual filter (consoles subscribe alike); sometimes any filter. */
    private static Arbitrary<Filters> filters() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(null)), Tuple.of(1, anyFilters()));
    }

    private static Arbitrary<Filters> anyFilters() {
        return Combinators.combine(
                Arbitraries.of(AGENCIES).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of(TYPES).list().ofMaxSize(1),
                Arbitraries.of(IncidentStatus.ACTIVE, IncidentStatus.RESOLVED).list().ofMaxSize(1),
                Arbitraries.of(Severity.MINOR, Severity.SEVERE).list().ofMaxSize(1),
                Arbitraries.of(WEST, EAST).injectNull(0.7))
                .as(Filters::new);
    }

    private static Arbitrary<State> states() {
        return Combinators.combine(
                Arbitraries.of(AGENCIES).list().ofMaxSize(2).uniqueElements(),
                Arbitraries.of(JURISDICTIONS).list().ofMaxSize(1),
                Arbitraries.of(TYPES).injectNull(0.1),
                Arbitraries.of("active", "resolved"),
                Arbitraries.of("minor", "severe").injectNull(0.1),
                Arbitraries.of(WEST, EAST).injectNull(0.2),
                Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true)))
                .as(State::new);
    }
}
