/* test-sandbox.h: what the sandbox's tests share (test-sandbox*.c)
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ferry-sandbox.h"
#include "ferry-signer.h"

G_BEGIN_DECLS

/* The sandbox's tests are split as the sandbox is (src/sandbox): its
 * server, signatures, routing, state and control routes
 * (test-sandbox.c), IAM (test-sandbox-iam.c), IMS (test-sandbox-ims.c),
 * CBR (test-sandbox-cbr.c) and its faults (test-sandbox-faults.c), each
 * a program of its own; the helpers below are test-sandbox-helpers.c.
 *
 * The tests talk to the sandbox the way the service is talked to: a plain
 * SoupSession and the signer, no Ferry client. The sandbox runs in-process
 * on the same main context, so every request runs a nested loop. */

#define AGENCIES  "/v3.0/OS-AGENCY/agencies"
#define OTHER_ID  "0123456789abcdef0123456789abcdef"
#define NO_IMAGE  "00000000-0000-0000-0000-000000000000"
/* Members of a copy body. */
#define TO_SH2    "\"region\": \"cn-east-2\""
#define AGENCY    "\"agency_name\": \"ims_administrator_agency\""

typedef struct
{
  FerrySandbox *sandbox;
  SoupSession  *session;
  gint64        clock_offset;   /* µs the sandbox clock is ahead: dates are signed on its clock */
} Fixture;

typedef struct
{
  guint               status;
  JsonNode           *root;
  SoupMessageHeaders *headers;
  GError             *error;
} Response;

typedef struct
{
  const char *project_id;        /* X-Project-Id */
  const char *domain_id;         /* X-Domain-Id */
  const char *date;              /* X-Sdk-Date instead of the sandbox's now */
  gint64      skew_seconds;      /* added to the date */
  const char *access_key;
  const char *secret_key;
  const char *token;             /* X-Security-Token, signed */
  const char *unsigned_name;     /* a header added after signing */
  const char *unsigned_value;
  const char *sent_body;         /* sent instead of the signed body */
  gboolean    no_authorization;
  gboolean    no_host;           /* libsoup adds Host after signing */
  gboolean    tamper;
  gboolean    new_connection;
} Options;

void        response_free   (Response   *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

JsonObject *response_object (Response   *response);
JsonArray  *response_array  (Response   *response,
                             const char *member);

/* Fixture: a session for every test; the sandbox, with the properties
 * the test gives (NULL-terminated), once fixture_start() is called. */

void fixture_set_up    (Fixture       *f,
                        gconstpointer  data);
void fixture_start     (Fixture       *f,
                        const char    *first_property,
                        ...);
void fixture_stop      (Fixture       *f);
void fixture_tear_down (Fixture       *f,
                        gconstpointer  data);

/* Requests */

/* The callback of soup_session_send_and_read_async() for a GBytes *
 * (@user_data): the body, or the error's message with the error kept as
 * the session's "last-error". */
void      send_cb          (GObject       *source,
                            GAsyncResult  *result,
                            gpointer       user_data);
/* X-Sdk-Date on the sandbox's clock, @skew_seconds ahead. */
char     *sandbox_date     (Fixture       *f,
                            gint64         skew_seconds);
/* A signed request to @service in @region, as @options say (NULL for a
 * plain one). */
Response *api_request_full (Fixture       *f,
                            const char    *method,
                            const char    *service,
                            const char    *region,
                            const char    *path,
                            const char    *body,
                            const Options *options);
Response *api_get          (Fixture       *f,
                            const char    *service,
                            const char    *region,
                            const char    *path,
                            const char    *project_id);
Response *api_post         (Fixture       *f,
                            const char    *service,
                            const char    *region,
                            const char    *path,
                            const char    *body,
                            const char    *project_id);
/* A /_sandbox/ route, unsigned. */
Response *control          (Fixture       *f,
                            const char    *method,
                            const char    *path,
                            const char    *body);
/* Moves the sandbox's clock on, and the fixture's with it. */
void      advance_clock    (Fixture       *f,
                            double         seconds);
/* Reads the stats as an object; the caller frees the response. */
Response *get_stats        (Fixture       *f);

/* Assertions */

void     assert_request_id    (Response   *response);
/* {"error_code", "error_msg", "request_id"}, the API gateway's shape. */
void     assert_gateway_error (Response   *response,
                               guint       status,
                               const char *code);
/* {"error": {"code", "message"}}, the shape of IMS and IAM. */
void     assert_nested_error  (Response   *response,
                               guint       status,
                               const char *code);
/* {"error_code", "error_msg"}, with no X-Request-Id asked for. */
void     assert_flat_error    (Response   *response,
                               guint       status,
                               const char *code);
void     assert_ok            (Response   *response,
                               guint       status);
gboolean is_uuid              (const char *text);
gboolean is_hex32             (const char *text);

/* Helpers over the API */

/* The id of the project named @name (a region). */
char       *project_id               (Fixture    *f,
                                      const char *name);
char       *domain_id                (Fixture    *f);
/* GET /v2/cloudimages in @region with @query ("" for none), as the
 * region's default project. */
Response   *list_images              (Fixture    *f,
                                      const char *region,
                                      const char *query);
JsonArray  *images_of                (Response   *response);
JsonObject *find_by_name             (JsonArray  *array,
                                      const char *name);
/* The id of the image named @name in @region. */
char       *image_id                 (Fixture    *f,
                                      const char *region,
                                      const char *name);
/* The image with @id in @region, NULL when not listed. */
JsonObject *get_image                (Fixture    *f,
                                      const char *region,
                                      const char *id);
/* Submits a copy of @image to @region; its job id. */
char       *submit_cross_region_copy (Fixture    *f,
                                      const char *source_region,
                                      const char *image,
                                      const char *name,
                                      const char *region);
Response   *get_job                  (Fixture    *f,
                                      const char *region,
                                      const char *job_id);
/* The ids of the role shown as @display_name and of the agency @name. */
char       *role_id                  (Fixture    *f,
                                      const char *display_name);
char       *agency_id                (Fixture    *f,
                                      const char *name);

G_END_DECLS
