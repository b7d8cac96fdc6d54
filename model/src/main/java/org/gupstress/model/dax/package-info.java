/** fs/dax.c: FSDAX faults, mapping entries, layout breaking, and the idle refcount of DAX pages. */
package org.gupstress.model.dax;
