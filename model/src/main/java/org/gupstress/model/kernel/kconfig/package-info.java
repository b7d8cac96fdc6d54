/**
 * Designs as knob settings: a {@link org.gupstress.model.kernel.kconfig.Knob} is one named choice read at exactly one site
 * of the model; a {@link org.gupstress.model.kernel.kconfig.Config} is what one design sets. Variants never copy an
 * operation.
 */
package org.gupstress.model.kernel.kconfig;
