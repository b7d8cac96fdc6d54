/**
 * Family B: zap vs {@code page_mkclean()}, and whether DMA pins can be counted in {@code page->_mapcount}
 * (seed 002, {@code 002_aeb32416868b2a4f.txt}; DESIGN.md section 4.B). The model side is
 * {@link org.gupstress.model.mm.MapcountPinTracking}, which quotes the mails and lists the readings.
 *
 * <p><b>Scenarios.</b>
 * <ul>
 *   <li>{@link org.gupstress.stress.zap.ZapVsMkcleanScenario} (B1, {@code zap-vs-mkclean}): munmap of one of two shared
 *       mappings races {@code page_mkclean()} and its "is it pinned?";</li>
 *   <li>{@link org.gupstress.stress.zap.ZapUnpinVsMkcleanScenario} (B2, {@code zap-unpin-vs-mkclean}, three actors, needs
 *       three CPUs) and {@link org.gupstress.stress.zap.ZapAndUnpinVsMkcleanScenario} ({@code zap-and-unpin-vs-mkclean},
 *       its two-actor decomposition): the same while the pin is being released;</li>
 *   <li>{@link org.gupstress.stress.zap.GupVsMkcleanScenario} (B3, {@code gup-vs-mkclean}): a new pin for write races
 *       {@code page_mkclean()}: Jan Kara's PTE-lock argument, and GUP-fast, which takes no PTE lock.</li>
 * </ul>
 *
 * <table>
 *   <caption>Designs and expected verdicts (false negatives; false positives are interesting everywhere)</caption>
 *   <tr><th>design</th><th>B1</th><th>B2</th><th>B3</th></tr>
 *   <tr><td>PIN_BIAS (FOLL_PIN as merged)</td><td>SAFE</td><td>SAFE</td><td>SAFE (slow and fast GUP)</td></tr>
 *   <tr><td>PIN_BIAS_SMALL (bias 4)</td><td>SAFE</td><td>SAFE</td><td></td></tr>
 *   <tr><td>MAPCOUNT_ONE_WALK</td><td>BROKEN</td><td>BROKEN</td><td>SAFE</td></tr>
 *   <tr><td>MAPCOUNT_REWALK (favourable reading)</td><td>BROKEN</td><td>BROKEN</td><td>BROKEN</td></tr>
 *   <tr><td>MAPCOUNT_REWALK_AS_WRITTEN</td><td>BROKEN</td><td>BROKEN</td><td></td></tr>
 *   <tr><td>MAPCOUNT_RECOUNT (this suite)</td><td>SAFE</td><td>SAFE</td><td>SAFE</td></tr>
 *   <tr><td>PIN_BIAS_GUP_FAST_NO_RECHECK (TLB flush that does not wait: arm64)</td><td></td><td></td><td>BROKEN</td></tr>
 *   <tr><td>PIN_BIAS_GUP_FAST_NO_RECHECK_IPI_FLUSH (x86's waiting IPI flush)</td><td></td><td></td><td>SAFE</td></tr>
 * </table>
 *
 * <p><b>What the suite finds on seed 002's question</b> (each point is reached deterministically by a JUnit script
 * in this package's tests, and under stress by the JCStress tests):
 * <ol>
 *   <li>Jan Kara's objection holds. With one walk, a zap that decrements {@code _mapcount} between the walk's
 *       visit of its PTE and the read hides a held pin (MAPCOUNT_ONE_WALK, B1 and B2).</li>
 *   <li>Jerome Glisse's re-walk does not close it, under any reading of the mail. Read as written, its final test
 *       adds the zap markers instead of subtracting them, and the zaps that matter leave none, because the first walk
 *       has just write-protected their PTE ("When clearing a write-able pte"). Read most favourably (every zap
 *       marks, the markers are subtracted), it works while the marker is still there and fails when munmap has
 *       unlinked the VMA, taking its page table and marker with it, before the re-walk. The seed left the design
 *       open; since the suite witnesses its false negative under every reading, both readings are labelled
 *       BROKEN (an OPEN label could never turn UNWITNESSED if the witness disappeared).</li>
 *   <li>Independently of those readings, its first shortcut {@code if (mapcount1 == real_count)} compares a
 *       {@code _mapcount} read <em>before</em> the walk with the walk's count. A slow GUP that takes its reference
 *       under the PTE lock, as Jan Kara required, after that read and before the walk reaches its PTE is counted by
 *       the walk and not by {@code mapcount1}, and the flag is cleared (B3). The PTE lock orders GUP only against
 *       what {@code page_mkclean()} reads after visiting that PTE. John Hubbard's "what is providing
 *       synchronization here?" has the answer: nothing, for {@code mapcount1}.</li>
 *   <li>Counting pins in {@code _mapcount} can be made safe against zap, unpin and slow GUP by ordering alone:
 *       write-protect every PTE first, then read {@code _mapcount}, then count the PTEs again (MAPCOUNT_RECOUNT).
 *       No marker is needed; racing zaps only produce false positives. Not modelled: the other users of
 *       {@code _mapcount} ({@code page_mapped()}, reclaim, {@code try_to_unmap()}), which would all see pins as
 *       mappings; and GUP-fast, which would need its own re-check as FOLL_PIN has.</li>
 *   <li>FOLL_PIN as merged sidesteps the question: the pin is a bias in {@code _refcount} that no zap touches, so
 *       there is no false negative; with a small bias, plain references show up as false positives.</li>
 * </ol>
 */
package org.gupstress.stress.zap;
