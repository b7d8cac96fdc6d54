/**
 * Race family E (seed 001): KSM and finding every copy of a page before write-protecting it. Anonymous KSM's
 * {@code write_protect_page()} against GUP-fast ({@link org.gupstress.stress.ksm.MergeVsGupFastScenario}) and against a
 * store through a stale TLB entry or a write fault that breaks the sharing
 * ({@link org.gupstress.stress.ksm.MergeVsStaleTlbWriteScenario}); the file-backed proposal's protect (the i_mmap walks and
 * Glisse's stable list) against GUP-fast ({@link org.gupstress.stress.ksm.ProtectVsGupFastScenario}), against a write fault
 * that maps the page in another process during the walk ({@link org.gupstress.stress.ksm.ProtectVsSpawningFaultScenario})
 * and against truncate ({@link org.gupstress.stress.ksm.ProtectVsTruncateScenario}). Ground truth:
 * reference/kernel-protocols-2.md section 2.
 */
package org.gupstress.stress.ksm;
