/**
 * Designs as knob settings: a {@link org.gupstress.model.design.Knob} is one named choice read at exactly one site
 * of the model; a {@link org.gupstress.model.design.Config} is what one design sets. Variants never copy an
 * operation.
 */
package org.gupstress.model.design;
