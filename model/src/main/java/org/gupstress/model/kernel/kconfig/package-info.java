/**
 * The model's Kconfig: designs as knob settings. A {@link org.gupstress.model.kernel.kconfig.Knob} is one named
 * choice read at exactly one site of the model, as a {@code CONFIG_} symbol is read where its code is; a
 * {@link org.gupstress.model.kernel.kconfig.Config} is what one design sets, the world's {@code .config} (every knob
 * not set is the merged kernel's default). Variants never copy an operation. At the bottom of the model with the
 * rest of {@code kernel}: a barrier site is a knob.
 */
package org.gupstress.model.kernel.kconfig;
