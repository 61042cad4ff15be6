/* ferry-sandbox.h: a local server that behaves like Huawei Cloud IAM, IMS and CBR
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* FerrySandbox serves the APIs of docs/huawei-api.md on 127.0.0.1, on the
 * thread-default main context of the caller of ferry_sandbox_start(), with
 * nothing blocking but the state file writes.
 *
 * Routes: /{service}/{region}/<API path>, service iam, ims or cbr, region
 * one of the region catalogue; the endpoint template is
 * ferry_sandbox_dup_endpoint_template().
 *
 *   IAM  GET  /v3/auth/domains
 *        GET  /v3/auth/projects
 *        GET  /v3/projects?name=&domain_id=
 *        GET  /v3/regions
 *        GET  /v3/roles?display_name=&name=
 *        GET  /v3.0/OS-AGENCY/agencies?domain_id=&name=
 *        POST /v3.0/OS-AGENCY/agencies                      201
 *        GET  /v3.0/OS-AGENCY/agencies/{agency_id}
 *        PUT  /v3.0/OS-AGENCY/projects/{project_id}/agencies/{agency_id}/roles/{role_id}  204
 *        HEAD (the same)                                     204 or 404
 *        GET  /v3.0/OS-AGENCY/projects/{project_id}/agencies/{agency_id}/roles
 *   IMS  GET  /v2/cloudimages?__imagetype=&status=&name=&id=&owner=&__whole_image=
 *                            &virtual_env_type=&marker=&limit=&sort_dir=
 *            (newest first; sort_dir=asc for oldest first; limit 500 by default,
 *            at most 1000)
 *        GET  /v2/images/{image_id}                         (the bare image)
 *        POST /v1/cloudimages/{image_id}/cross_region_copy  (to the source region)
 *        POST /v1/cloudimages/{image_id}/copy
 *        GET  /v1/{project_id}/jobs/{job_id}
 *        GET  /v1/cloudimages/job/{job_id}
 *   CBR  GET  /v3/{project_id}/vaults?protect_type=&object_type=&name=&limit=&offset=
 *        GET  /v3/{project_id}/vaults/{vault_id}
 *        POST /v3/{project_id}/vaults
 *   IMS  GET  /v1/cloudimages/quota  (ShowImageQuota)
 *
 * Control routes, neither signed nor faulted:
 *
 *   POST /_sandbox/images  {"region": "...", "image": {IMS members}} → the stored image
 *   POST /_sandbox/clock   {"advance_seconds": N} → {"now", "offset_seconds"}
 *   GET  /_sandbox/stats   → {"requests": {"<METHOD> <API path pattern>": n},
 *                             "connections", "copies_running",
 *                             "max_concurrent_copies",
 *                             "copies_submitted"}  (cross-region copies only)
 *                          connections: how many connections carried API
 *                          requests (control routes aside) since the start
 *                          or the last reset; one kept alive across a reset
 *                          counts again.
 *   POST /_sandbox/refuse-grants  {"region": "...", "count": N (default 1)} → {}
 *                          the next N grants (PUT) on the region's default
 *                          project answer 403 IAM.0002, as IAM answers a
 *                          user who may not grant; N = 0 lifts it. The same
 *                          as ferry_sandbox_refuse_grants().
 *   POST /_sandbox/quota   {"project_id" | "region": "...", "quota": N,
 *                           "refuse": false} → {"used", "quota"}
 *                          sets the private-image quota of a project (a
 *                          region: its default project), kept by --state;
 *                          "refuse": true has its quota query answer 403
 *                          instead, as for a user without ims:quotas:get
 *                          (not kept). Copies that would take the project
 *                          past its quota are refused with IMG.0015.
 *   POST /_sandbox/reset   seed data again, clock offset 0, stats 0, faults
 *                          reseeded, no grant or quota refused, quotas as
 *                          at the start
 *
 * Every answer has an X-Request-Id header (32 hex digits) and a JSON
 * content type. Connections are kept alive (HTTP/1.1) after every answer,
 * body-less ones (204, HEAD) included, unless a fault drops them.
 * Requests must be signed with SDK-HMAC-SHA256 for
 * FERRY_SANDBOX_ACCESS_KEY / FERRY_SANDBOX_SECRET_KEY, with host and
 * x-sdk-date signed, and x-project-id, x-domain-id and x-security-token
 * too when they are sent (any security token is accepted).
 *
 * Errors, by shape:
 *
 *   gateway  {"error_code", "error_msg", "request_id"}
 *     404 APIGW.0101  unknown service, region or route
 *     401 APIGW.0301  no or malformed Authorization, unknown access key,
 *                     host or x-sdk-date unsigned, bad signature
 *     401 APIGW.0303  X-Sdk-Date more than 15 minutes from the sandbox clock
 *     403 APIGW.0302  scope: an IMS or CBR request without X-Project-Id, or
 *                     naming a project that is not of the URL's region, or
 *                     a {project_id} in the path that is not X-Project-Id;
 *                     an IAM request whose X-Domain-Id is not the account's
 *     429 APIGW.0308  throttled (throttle-rate), with Retry-After: 1
 *     503 APIGW.0201  backend unavailable (fail-rate)
 *   IMS      {"error": {"code", "message"}}, codes of the IMS error table
 *     400 IMG.0001    body not a JSON object, a member of the wrong type,
 *                     region or agency_name missing
 *     400 IMG.0013    no name; IMG.0002 name over 128 characters; IMG.0003
 *                     name format invalid; IMG.0004 description over 1024
 *                     characters; IMG.0054 description format invalid
 *     400 IMG.0017    bad query: limit, sort_dir, __whole_image, marker
 *     400 IMG.0144    cross_region_copy of an image unknown in the region
 *     400 IMG.0027    copy of an image unknown in the region
 *     400 IMG.0147    destination region unknown
 *     400 IMG.0145    project_name is not a project of the destination
 *     400 IMG.0104    no project_name while the destination has several
 *     400 IMG.0179    agency_name names no agency
 *     400 IMG.01xx    what ferry-rules refuses (cross-region: the server
 *                     code of the first violation of
 *                     ferry_rules_check_request(); in-region:
 *                     ferry_rules_check_in_region(), IMG.0130 for whole
 *                     images, IMG.0167 for ISO ones, IMG.0146 over 128 GiB)
 *     404 IMG.0086    GET /v2/images/{id} of an image the project cannot see
 *     404 IMG.0023    job unknown in the region (assumed: no page shows it)
 *   IAM      {"error_msg", "error_code"}, codes of the IAM table
 *     400 IAM.0007    bad query parameter (no domain_id)
 *     400 IAM.0011    body not JSON or without an agency object
 *     400 IAM.0072    a required member missing; IAM.0073 one invalid
 *     403 IAM.0002    a domain_id that is not the account's; a grant
 *                     refused by /_sandbox/refuse-grants
 *     404 IAM.0004    unknown project, agency, role or role assignment
 *     409 IAM.0005    an agency of that name exists
 *   CBR      {"error_code", "error_msg"}
 *     400 CBR.0001    malformed body or invalid member, bad limit or offset
 *                     (not a code of the CBR table, which documents none for
 *                     a malformed request)
 *     404 BackupService.6105  GET /v3/{project_id}/vaults/{id} of an
 *                     unknown vault, or one of another project or region
 *   control routes  {"error_code", "error_msg"}
 *     400 SANDBOX.0001  malformed body, unknown region
 *     409 SANDBOX.0002  an image with that id exists
 *
 * Copies are judged by the rules engine Ferry itself asks (ferry-rules.h,
 * docs/rules.md): a copy Ferry would refuse, the sandbox refuses with the
 * same server code (validate_copy() in ferry-sandbox-api-ims.c).
 *
 * Faults hit API routes only, each decided by one draw from a GRand seeded
 * with random-seed, in the order requests arrive, so a run is
 * reproducible:
 *   latency-ms     every API answer is delayed (the message is paused)
 *   fail-rate      503 instead of an answer
 *   throttle-rate  429 instead of an answer
 *   drop-rate      the connection is closed without an answer: for GET and
 *                  HEAD before anything happens; for POST and PUT after the
 *                  request was carried out, like a real answer lost on the
 *                  way back (the job exists, the caller does not know).
 *                  libsoup resends idempotent requests (GET, HEAD, PUT)
 *                  dropped on a reused connection once by itself.
 *   job-fail-rate  a copy job ends FAIL (at three fifths of copy-seconds)
 *                  with error_code IMG.0014 and its fail_reason, its new
 *                  image killed; decided when the copy is submitted, by a
 *                  draw from a GRand of its own seeded with random-seed,
 *                  in the order copies arrive (so the other faults of a
 *                  seed stay as they were).
 * The rates, latency and copy-seconds may change while the sandbox runs;
 * port, state-file and images-per-region may not.
 *
 * Copy jobs: INIT for the first 5% of copy-seconds (at least a second),
 * then RUNNING with process_percent rising linearly, SUCCESS at
 * copy-seconds (or FAIL, see job-fail-rate). The new image appears in the destination as "saving" when
 * the job leaves INIT and turns "active" max(1, copy-seconds / 10) seconds
 * after SUCCESS. job_type is imsCrossRegionCopyImageJob or
 * imsCopyImageInRegionJob. Time is the sandbox clock: real time plus the
 * offset POST /_sandbox/clock adds; X-Sdk-Date is checked against it, so
 * after advancing it by more than 15 minutes, sign with it too.
 * IAM answers the same in every region.
 *
 * state-file: the world is written there (atomically) after every change
 * and read back by ferry_sandbox_start(), so jobs carry on across
 * restarts.
 *
 * Seed data, the same ids at every start (derived from names):
 *   account "ferry-demo"; a project per catalogue region named after it,
 *   the sub-project "cn-north-4_dev" and "MOS" (no region);
 *   roles "IMS Administrator" (ims_adm), "Tenant Administrator" (te_admin),
 *   "IMS ReadOnlyAccess", "ECS FullAccess";
 *   agencies "ims_administrator_agency" (op_svc_ims, IMS Administrator on
 *   every region's project), "ims_partial_agency" (op_svc_ims, cn-north-4
 *   only), "ecs_agency" (op_svc_ecs);
 *   vaults: replication/server in cn-north-4, cn-east-2, ap-southeast-3,
 *   a frozen one in cn-north-4, backup ones in cn-north-4 and cn-east-2, a
 *   replication/disk one in cn-east-2;
 *   images, private to the region's project unless said: cn-north-4
 *   "web-server", "db-server" (DataImage), "windows-server",
 *   "app-uninitialised" (__is_config_init "false"), "build-in-progress"
 *   (saving), "failed-import" (killed), "secure-encrypted"
 *   (__system__cmkid), "installer-iso" (IsoImage, iso), "bigdata-320g"
 *   (over the region's 300 GiB), "exact-128g" (137438953472 bytes), "whole-csbs", "whole-cbr",
 *   "partner-shared" (shared, another owner), "CentOS 7.9 64bit" (gold);
 *   cn-north-1 "bj1-web", "bj1-whole-cbr"; cn-east-2 "sh2-web",
 *   "sh2-whole-cbr"; cn-east-3 "sh1-web", "sh1-whole-cbr",
 *   "sh1-whole-csbs"; cn-southwest-2 "gy-whole-cbr"; cn-south-1 "gz-web";
 *   ap-southeast-1 "hk-whole-cbr"; ap-southeast-3 "sg-app",
 *   "sg-whole-cbr"; af-south-1 "jnb-data" (DataImage); eu-west-0
 *   "paris-web"; and images-per-region "generated-00001"... in every
 *   region, older than the seed images.
 *   The rule shared with ferry-image.h: a whole image (__whole_image
 *   "true") with a non-empty __backup_id has a CBR backup (a copy needs a
 *   replication vault in the destination); one without __backup_id and
 *   with __data_origin "server_backup,<id>" comes from CSBS. */

#define FERRY_SANDBOX_ACCESS_KEY "FERRYSANDBOXDEMOAK01"
#define FERRY_SANDBOX_SECRET_KEY "FerrySandboxDemoSecretKey0123456789abcde"

#define FERRY_TYPE_SANDBOX (ferry_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (FerrySandbox, ferry_sandbox, FERRY, SANDBOX, GObject)

FerrySandbox *ferry_sandbox_new                    (void);
/* Listens on 127.0.0.1 and loads the state file when it exists. */
gboolean      ferry_sandbox_start                  (FerrySandbox  *self,
                                                    GError       **error);
/* Saves the state, closes every connection. */
void          ferry_sandbox_stop                   (FerrySandbox  *self);
guint         ferry_sandbox_get_port               (FerrySandbox  *self);
/* "http://127.0.0.1:PORT" */
char         *ferry_sandbox_dup_base_uri           (FerrySandbox  *self);
/* "http://127.0.0.1:PORT/{service}/{region}" */
char         *ferry_sandbox_dup_endpoint_template  (FerrySandbox  *self);
/* Once started: the next @count grants on the default project of @region
 * are refused (403 IAM.0002); 0 lifts it. For tests of partial failures. */
void          ferry_sandbox_refuse_grants          (FerrySandbox  *self,
                                                    const char    *region,
                                                    guint          count);

G_END_DECLS
