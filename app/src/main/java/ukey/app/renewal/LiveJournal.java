package ukey.app.renewal;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of the renewal that runs now. Every change makes a new {@link RenewalJournal}; the store writes it
 * before the step it records acts. The connector keeps its own state here too.
 */
final class LiveJournal implements ConnectorState {

    private static final Logger LOG = LoggerFactory.getLogger(LiveJournal.class);

    private final RenewalJournalStore store;
    private final Clock clock;
    private final RenewalEngine.StepListener listener;
    private RenewalJournal journal;

    LiveJournal(RenewalJournalStore store, Clock clock, RenewalEngine.StepListener listener, RenewalJournal journal) {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.journal = journal;
    }

    RenewalJournal journal() {
        return journal;
    }

    RenewalStep step() {
        return journal.step();
    }

    /** Changes the journal in memory; the next write or step records it. */
    void change(UnaryOperator<RenewalJournal> change) {
        journal = change.apply(journal);
    }

    /** Records the next step durably, then tells the listener. */
    void advance(RenewalStep next) throws RenewalException {
        change(j -> j.movedTo(next, clock.instant()));
        write();
        LOG.debug("renewal {}: {}", journal.id(), next);
        listener.saved(next);
    }

    /** Ends the renewal as refused or abandoned; the journal says why. */
    void fail(String code, String detail) throws RenewalException {
        change(j -> j.failed(code, detail, clock.instant()));
        write();
        listener.saved(RenewalStep.FAILED);
    }

    void write() throws RenewalException {
        write(store, journal);
    }

    static void write(RenewalJournalStore store, RenewalJournal journal) throws RenewalException {
        try {
            store.save(journal);
        } catch (IOException e) {
            throw new RenewalException(RenewalError.JOURNAL, store.directory().toString(), e);
        }
    }

    // --- the connector's part ---

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(journal.connectorState().get(key));
    }

    @Override
    public void put(String key, String value) {
        change(j -> j.withConnectorState(key, value));
    }

    @Override
    public void save() throws CaException {
        try {
            store.save(journal);
        } catch (IOException e) {
            throw new CaException("journal", false, null, null, "the journal cannot be written", e);
        }
    }
}
