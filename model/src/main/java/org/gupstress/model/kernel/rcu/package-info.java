/** Read-copy update: read-side sections and grace periods (kernel/rcu). */
package org.gupstress.model.kernel.rcu;
