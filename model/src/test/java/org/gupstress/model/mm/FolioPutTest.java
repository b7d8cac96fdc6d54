package org.gupstress.model.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.gupstress.model.Fixture;
import org.gupstress.model.kernel.debug.ViolationKind;
import org.gupstress.model.kernel.sched.explore.Explorer;
import org.gupstress.model.kernel.sched.explore.Explorer.Exploration;
import org.gupstress.model.kernel.sched.explore.Subject;
import org.junit.jupiter.api.Test;

/**
 * {@code folio_put()} of a page-cache folio: the test and the decrement are one value-returning RMW.
 *
 * <p>include/linux/mm.h: {@code folio_put()} is {@code if (folio_put_testzero(folio)) __folio_put(folio)};
 * {@code folio_put_testzero()} (b620f63358cd) is {@code put_page_testzero()}:
 * {@code VM_BUG_ON_PAGE(page_ref_count(page) == 0, page); return page_ref_dec_and_test(page);}, and
 * {@code page_ref_dec_and_test()} (include/linux/page_ref.h) is {@code atomic_dec_and_test(&page->_refcount)}.
 * Exactly one of two racing puts sees the count reach zero, whatever the interleaving. Split into a void
 * {@code atomic_sub()} and a later {@code atomic_read()}, both puts may read 0 after both decrements and both
 * free the folio (the second {@code __folio_put()} hands the allocator a page already on its free lists:
 * {@code bad_page()}, "BUG: Bad page state"), or, with each decrement still in its CPU's store buffer, both may
 * read 1 and nobody frees it.
 *
 * <p>No scenario of the suite drops the last two references of a page-cache folio concurrently: in the zap and
 * writeback scenarios the page cache keeps its own reference throughout, so no racing put ever reaches zero, and
 * their exploration passes with the put so split. This test is the race those scenarios do not have: truncation
 * took the folio out of the page cache while two I/Os still held their GUP references, and both complete at once.
 */
class FolioPutTest {
    /** The two completions' outcome: how often the folio was freed, or the violation that fired. */
    private static final String FREED_ONCE = "FREED_ONCE";

    /** A truncated file folio that only two GUP references keep alive; each thread drops one. */
    private static Subject lastTwoPuts() {
        return state -> {
            Fixture f = Fixture.blockFile(1);
            f.fault(0, true);
            Folio folio = f.cached(0);
            folio.folioGet(); // a direct-I/O bio's get_user_pages() reference
            folio.folioGet(); // a second bio's
            Truncate.truncateInodePages(f.inode.mapping(), 0); // unmaps (the PTE's reference), removes (the cache's)
            if (folio.folioRefCount() != 2 || !f.world.sanitizer().clean()) {
                throw new IllegalStateException("setup: " + folio + " refcount " + folio.folioRefCount()
                        + ", " + f.world.sanitizer());
            }
            return new Subject.Trial() {
                @Override
                public List<String> threadNames() {
                    return List.of("bio0", "bio1");
                }

                @Override
                public List<Runnable> threads() {
                    return List.of(() -> Gup.putPage(folio), () -> Gup.putPage(folio));
                }

                @Override
                public String outcome() {
                    if (f.world.sanitizer().has(ViolationKind.USE_AFTER_FREE)) {
                        return "FREED_TWICE";
                    }
                    if (!f.world.sanitizer().clean()) {
                        return "VIOLATION " + f.world.sanitizer();
                    }
                    if (!folio.isFreed()) {
                        return "NEVER_FREED (refcount " + folio.folioRefCount() + ")";
                    }
                    return FREED_ONCE;
                }
            };
        };
    }

    /**
     * Every schedule of the two puts at bound 2 (each void RMW's store buffered and flushed at every place the
     * explorer's rules allow) frees the folio exactly once. Fails with the put as {@code atomic_sub()} plus
     * {@code atomic_read()}: FREED_TWICE or NEVER_FREED.
     */
    @Test
    void racingLastPutsFreeTheFolioExactlyOnce() {
        Exploration e = Explorer.explore(lastTwoPuts(), new Explorer.Options(Explorer.Strategy.DFS, 2,
                Duration.ofMinutes(1), 0, Long.MAX_VALUE), o -> !o.equals(FREED_ONCE), false);
        assertEquals(Set.of(FREED_ONCE), e.histogram().keySet(), e.histogram() + " in " + e.schedules() + " schedules");
        assertTrue(e.exhausted(), "every schedule at bound 2 ran: " + e.schedules());
    }
}
