package pw.fullstack.ephemeral.reaper.expiry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.reaper.expiry.Verdict.Kind;
import pw.fullstack.ephemeral.reaper.expiry.Verdict.Status;
import pw.fullstack.ephemeral.reaper.history.PrHistory;
import pw.fullstack.ephemeral.reaper.tools.ClusterAnnotations;

/**
 * Which clusters and addresses expire, given a {@link World}. Pure: no I/O, no clock but
 * {@code world.now()}.
 *
 * <h2>Clusters of this system (labels {@code ephemeral=true} and managed-by the provisioner)</h2>
 * <ul>
 *   <li>Teardown already requested or Cluster being deleted: nothing to do.</li>
 *   <li>No {@code correlation-id}, no valid PR annotations, or a name that is not what
 *       {@link ClusterNaming} derives for the PR: never touched, reported for a person.</li>
 *   <li>No entry of that exact name in the allocation map: an orphan cluster (its addresses may be
 *       given to another PR); expired with reason {@code orphan} once that has held for the settle
 *       time.</li>
 *   <li>Otherwise the earlier of: <b>grace</b> — the PR's latest close + grace period, if that close
 *       ends the PR (no open seen after it: {@code SagaRun.endedByCloseAt}); <b>max lifetime</b> —
 *       {@code provisioning-started-at} + maximum lifetime. A reopen (a PrOpened, or the owning
 *       run's {@code opened-at}, after the close) removes the grace deadline: nothing is sent to
 *       cancel it. {@code keep-until} postpones the deadline up to the cap.</li>
 *   <li>The run id of the ClusterExpired is the Cluster's {@code correlation-id} as read now, so an
 *       expiry always names the run that owns the cluster.</li>
 * </ul>
 *
 * <h2>Allocations without a cluster of this system</h2>
 * An address is orphaned only if no Cluster and no Namespace of that exact name exists on the tools
 * cluster (this system's or not: the seed's tooling made clusters without our labels) and no live
 * run accounts for it: the entry has no run metadata (the seed's tooling wrote it) and the PR is
 * not open, or the holding run was ended by a close and the PR was not reopened since. After the
 * settle time it expires with reason {@code orphan} for the holding run (for an entry without run
 * metadata, a run id derived from name and addresses), so the provisioner answers with
 * ClusterDestroyed and the allocator gives the address back through the normal path.
 */
public final class ExpiryDecisions {

    private final ExpiryPolicy policy;
    private final ClusterNaming naming;

    public ExpiryDecisions(ExpiryPolicy policy, ClusterNaming naming) {
        this.policy = policy;
        this.naming = naming;
    }

    public Decision decide(World world) {
        Pass pass = new Pass(world);
        Set<String> ours = new HashSet<>();
        for (ObservedCluster cluster : world.clusters()) {
            if (cluster.ours()) {
                ours.add(cluster.name());
                pass.cluster(cluster);
            }
        }
        Set<String> occupied = new HashSet<>(world.namespaces());
        world.clusters().forEach(c -> occupied.add(c.name()));
        world.allocations().byCluster().forEach((name, addresses) -> {
            if (!ours.contains(name)) {
                pass.allocation(name, addresses, occupied.contains(name));
            }
        });
        Optional<String> withheld = world.allocations().present() || ours.isEmpty() ? Optional.empty()
                : Optional.of("the allocation map is absent (never written, deleted or destroyed, or a wrong path) while "
                        + ours.size() + " cluster(s) of this system exist: no orphan decision until it is back");
        return new Decision(pass.verdicts, pass.due, pass.suspects, withheld);
    }

    /** The run id for an allocation without run metadata: the same for every replica and every pass. */
    public static String runIdWithoutMetadata(String cluster, List<String> addresses) {
        String seed = "reaper|allocation-without-run|" + cluster + "|" + String.join(",", addresses);
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private final class Pass {
        private final World world;
        private final List<Verdict> verdicts = new ArrayList<>();
        private final List<Expiry> due = new ArrayList<>();
        private final Map<String, Instant> suspects = new TreeMap<>();

        Pass(World world) {
            this.world = world;
        }

        void cluster(ObservedCluster c) {
            String name = c.name();
            List<String> evidence = new ArrayList<>();
            String run = c.annotation(ClusterAnnotations.CORRELATION_ID);
            List<String> addresses = split(c.annotation(ClusterAnnotations.ADDRESSES));
            String prText = prText(c);
            if (c.deleting() || c.annotation(ClusterAnnotations.TEARDOWN_REQUESTED) != null) {
                evidence.add("teardown requested at " + c.annotation(ClusterAnnotations.TEARDOWN_REQUESTED) + " (reason "
                        + c.annotation(ClusterAnnotations.TEARDOWN_REASON) + ")" + (c.deleting() ? ", Cluster being deleted" : ""));
                verdicts.add(new Verdict(Kind.CLUSTER, name, prText, run, addresses, Status.TEARING_DOWN, null, null, null, evidence));
                return;
            }
            Optional<PullRequestRef> pr = pullRequest(c, evidence);
            if (run == null) {
                evidence.add("no " + ClusterAnnotations.CORRELATION_ID + " annotation: no run owns it, so it is not touched");
            }
            if (pr.isPresent() && !isNameOf(name, pr.get())) {
                evidence.add("the name is not what the naming rules derive for " + pr.get() + " ("
                        + naming.clusterName(pr.get()) + "): not touched");
                pr = Optional.empty();
            }
            if (!name.equals(c.namespace())) {
                evidence.add("the Cluster is in namespace " + c.namespace() + ", not in its own: not touched");
                pr = Optional.empty();
            }
            if (run == null || pr.isEmpty()) {
                verdicts.add(new Verdict(Kind.CLUSTER, name, prText, run, addresses, Status.NEEDS_ATTENTION, null, null, null,
                        evidence));
                return;
            }
            if (!world.allocations().present()) {
                evidence.add("the allocation map is absent: whether " + name + "'s addresses are held cannot be known, so"
                        + " it is not taken for an orphan (fail closed); its deadlines still apply");
            } else if (!world.allocations().holds(name)) {
                evidence.add("no entry for " + name + " in the allocation map: its addresses "
                        + (addresses.isEmpty() ? "" : String.join(",", addresses) + " ") + "may be handed to another PR");
                orphan(Kind.CLUSTER, name, pr.get(), run, addresses, "cluster|" + name + "|" + run, evidence);
                return;
            }
            deadlines(c, pr.get(), run, addresses, evidence);
        }

        private void deadlines(ObservedCluster c, PullRequestRef pr, String run, List<String> addresses,
                               List<String> evidence) {
            String name = c.name();
            Instant created = time(c.annotation(ClusterAnnotations.PROVISIONING_STARTED));
            String createdFrom = ClusterAnnotations.PROVISIONING_STARTED;
            if (created == null) {
                created = c.createdAt();
                createdFrom = "metadata.creationTimestamp";
            }
            Instant deadline = created == null ? null : created.plus(policy.maxLifetime());
            ExpiryReason reason = deadline == null ? null : ExpiryReason.MAX_LIFETIME_REACHED;
            if (deadline != null) {
                evidence.add("created " + created + " (" + createdFrom + "), max lifetime " + policy.maxLifetime() + " → "
                        + deadline);
            } else {
                evidence.add("creation time unknown: no max-lifetime deadline");
            }

            PrHistory history = world.histories().get(name);
            AllocatorRecord record = world.allocatorRecords().get(name);
            Instant runOpenedAt = time(c.annotation(ClusterAnnotations.OPENED_AT));
            Instant latestClose = latest(history == null ? null : history.closedAt(), record == null ? null : record.closedAt());
            Instant latestOpen = latest(latest(runOpenedAt, history == null ? null : history.openedAt()),
                    record == null ? null : record.openedAt());
            if (latestClose != null) {
                boolean closed = latestOpen == null || !latestOpen.isAfter(latestClose);
                if (closed) {
                    Instant grace = latestClose.plus(policy.gracePeriod());
                    evidence.add("PR closed at " + latestClose + (latestOpen == null ? "" : ", after its latest open at " + latestOpen)
                            + ": run " + run + " ended by the close; grace period " + policy.gracePeriod() + " → " + grace);
                    if (deadline == null || !grace.isAfter(deadline)) {
                        deadline = grace;
                        reason = ExpiryReason.GRACE_PERIOD_ELAPSED;
                    }
                } else {
                    evidence.add("reopened at " + latestOpen + " after the close at " + latestClose + ": no grace period");
                }
            }
            if (deadline == null) {
                verdicts.add(new Verdict(Kind.CLUSTER, name, pr.toString(), run, addresses, Status.NEEDS_ATTENTION, null, null,
                        null, evidence));
                return;
            }
            Instant keptUntil = null;
            String keepText = c.annotation(ClusterAnnotations.KEEP_UNTIL);
            if (keepText != null) {
                Instant keep = rfc3339(keepText);
                if (keep == null) {
                    evidence.add(ClusterAnnotations.KEEP_UNTIL + " \"" + oneLine(keepText) + "\" is not an RFC 3339 time: ignored");
                } else if (keep.isAfter(deadline)) {
                    Instant cap = deadline.plus(policy.keepUntilCap());
                    keptUntil = keep;
                    Instant postponed = keep.isAfter(cap) ? cap : keep;
                    evidence.add(ClusterAnnotations.KEEP_UNTIL + " " + keep + " postpones the expiry from " + deadline + " to "
                            + postponed + (keep.isAfter(cap) ? " (capped at " + policy.keepUntilCap() + " past the deadline)" : ""));
                    deadline = postponed;
                } else {
                    evidence.add(ClusterAnnotations.KEEP_UNTIL + " " + keep + " is before the deadline: no effect");
                }
            }
            record(Kind.CLUSTER, name, pr, run, addresses, reason, deadline, keptUntil, evidence);
        }

        void allocation(String name, List<String> addresses, boolean occupied) {
            List<String> evidence = new ArrayList<>();
            AllocatorRecord record = world.allocatorRecords().get(name);
            PrHistory history = world.histories().get(name);
            String knownPr = record != null && record.pr() != null ? record.pr() : history == null ? null : history.pullRequest();
            String holder = record == null ? null : record.saga();
            if (occupied) {
                evidence.add("a Cluster or Namespace named " + name
                        + " exists on the tools cluster without this system's labels (the seed's tooling?), or is being deleted:"
                        + " the address stays");
                held(name, knownPr, holder, addresses, evidence);
                return;
            }
            evidence.add("no Cluster and no Namespace named " + name + " on the tools cluster");
            String run;
            if (record != null && record.hasRun()) {
                run = record.saga();
                if (record.releasedAt() != null) {
                    evidence.add("the allocator released run " + run + "'s block at " + record.releasedAt()
                            + "; the entry belongs to a newer allocation whose record is not written yet");
                    held(name, knownPr, holder, addresses, evidence);
                    return;
                }
                if (record.openedAt() == null) {
                    evidence.add("run " + run + " holds it, but its openedAt is unknown: whether the PR closed cannot be told");
                    held(name, knownPr, holder, addresses, evidence);
                    return;
                }
                Instant latestClose = latest(record.closedAt(), history == null ? null : history.closedAt());
                Instant latestOpen = latest(record.openedAt(), history == null ? null : history.openedAt());
                if (latestClose == null || record.openedAt().isAfter(latestClose)) {
                    evidence.add("run " + run + " (opened " + record.openedAt() + ") is live: its PR has not closed since;"
                            + " its cluster is still to come (IpAllocated in flight, or the provisioner behind)");
                    held(name, knownPr, holder, addresses, evidence);
                    return;
                }
                if (latestOpen.isAfter(latestClose)) {
                    evidence.add("the PR was reopened at " + latestOpen + " after the close at " + latestClose
                            + ": the new run takes this block over");
                    held(name, knownPr, holder, addresses, evidence);
                    return;
                }
                evidence.add("run " + run + " (opened " + record.openedAt() + ") was ended by the close at " + latestClose);
            } else {
                if (history != null && history.openAfterLatestClose()) {
                    evidence.add("no run metadata yet, but the PR is open (opened " + history.openedAt()
                            + "): an allocation whose record is still being written");
                    held(name, knownPr, holder, addresses, evidence);
                    return;
                }
                run = runIdWithoutMetadata(name, addresses);
                evidence.add("no run metadata (written by the seed's shell tooling, or an allocation interrupted before its"
                        + " record): run id " + run + " derived from name and addresses");
            }
            Optional<PullRequestRef> pr = parsePr(knownPr);
            if (pr.isEmpty()) {
                pr = PullRequestNames.fromClusterName(name, naming);
            }
            if (pr.isEmpty() || !isNameOf(name, pr.get())) {
                evidence.add("cannot tell which pull request " + name + " belongs to, so no ClusterExpired can name it:"
                        + " give " + String.join(",", addresses) + " back by hand");
                verdicts.add(new Verdict(Kind.ADDRESS, name, knownPr, run, addresses, Status.NEEDS_ATTENTION, ExpiryReason.ORPHAN,
                        null, null, evidence));
                return;
            }
            orphan(Kind.ADDRESS, name, pr.get(), run, addresses, suspectKey(name, addresses, run), evidence);
        }

        private void held(String name, String pr, String run, List<String> addresses, List<String> evidence) {
            verdicts.add(new Verdict(Kind.ADDRESS, name, pr, run, addresses, Status.HELD, null, null, null, evidence));
        }

        private void orphan(Kind kind, String name, PullRequestRef pr, String run, List<String> addresses, String key,
                            List<String> evidence) {
            Instant since = world.suspects().getOrDefault(key, world.now());
            suspects.put(key, since);
            Instant deadline = since.plus(policy.settleTime());
            evidence.add("orphan since " + since + ", settle time " + policy.settleTime() + " → " + deadline);
            record(kind, name, pr, run, addresses, ExpiryReason.ORPHAN, deadline, null, evidence);
        }

        private void record(Kind kind, String name, PullRequestRef pr, String run, List<String> addresses, ExpiryReason reason,
                            Instant deadline, Instant keptUntil, List<String> evidence) {
            boolean isDue = !world.now().isBefore(deadline);
            verdicts.add(new Verdict(kind, name, pr.toString(), run, addresses, isDue ? Status.DUE : Status.PENDING, reason,
                    deadline, keptUntil, evidence));
            if (isDue) {
                due.add(new Expiry(kind, ClusterName.of(name), pr, run, reason, deadline, evidence));
            }
        }

        private Optional<PullRequestRef> pullRequest(ObservedCluster c, List<String> evidence) {
            String repository = c.annotation(ClusterAnnotations.REPOSITORY);
            String number = c.annotation(ClusterAnnotations.PR_NUMBER);
            try {
                return Optional.of(PullRequestRef.of(repository, Integer.parseInt(number == null ? "" : number)));
            } catch (InvalidInputException | NumberFormatException e) {
                evidence.add("annotations " + ClusterAnnotations.REPOSITORY + "/" + ClusterAnnotations.PR_NUMBER
                        + " do not name a pull request (" + oneLine(e.getMessage()) + "): not touched");
                return Optional.empty();
            }
        }

        private boolean isNameOf(String name, PullRequestRef pr) {
            try {
                return naming.isNameOf(ClusterName.of(name), pr);
            } catch (InvalidInputException e) {
                return false;
            }
        }
    }

    private static String suspectKey(String name, List<String> addresses, String run) {
        return "address|" + name + "|" + String.join(",", addresses) + "|" + run;
    }

    private static String prText(ObservedCluster c) {
        String repository = c.annotation(ClusterAnnotations.REPOSITORY);
        String number = c.annotation(ClusterAnnotations.PR_NUMBER);
        return repository == null && number == null ? null : repository + "#" + number;
    }

    private static Optional<PullRequestRef> parsePr(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int hash = text.lastIndexOf('#');
        try {
            return Optional.of(PullRequestRef.of(text.substring(0, Math.max(hash, 0)), Integer.parseInt(text.substring(hash + 1))));
        } catch (InvalidInputException | NumberFormatException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static List<String> split(String addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static Instant time(String text) {
        return text == null ? null : rfc3339(text);
    }

    /** RFC 3339 with any offset ({@code 2026-12-01T18:00:00+01:00} or {@code ...Z}); null if it is not one. */
    static Instant rfc3339(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String oneLine(String text) {
        String line = String.valueOf(text).replaceAll("[\\p{Cntrl}]+", " ");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
