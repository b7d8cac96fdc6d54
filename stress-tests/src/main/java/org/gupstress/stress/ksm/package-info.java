/**
 * Race family E (seed 001): KSM and finding every copy of a page before write-protecting it. Anonymous KSM's
 * {@code write_protect_page()} against GUP-fast ({@link org.gupstress.stress.ksm.MergeVsGupFast}); the file-backed
 * proposal's i_mmap walk against GUP-fast ({@link org.gupstress.stress.ksm.ProtectVsGupFast}) and against a write
 * fault that maps the page in another process during the walk
 * ({@link org.gupstress.stress.ksm.ProtectVsSpawningFault}). Ground truth: reference/kernel-protocols-2.md section 2.
 */
package org.gupstress.stress.ksm;
