/** The oracles' record: what KASAN, the refcount checks, WARN/BUG and the hung-task detector would have printed. */
package org.gupstress.model.kernel.debug;
