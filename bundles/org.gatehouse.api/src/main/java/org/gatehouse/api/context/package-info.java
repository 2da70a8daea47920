/**
 * Who and where a request comes from: the organization it belongs to, the application on whose
 * behalf it runs and the network facts of the caller.
 *
 * <p>Every entity in Gatehouse belongs to an organization; plugins receive an {@link
 * org.gatehouse.api.context.OrganizationRef} with every call and must keep data of different
 * organizations apart.
 */
@Version("1.0.0")
@Export
package org.gatehouse.api.context;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
