/* ferry-sandbox-private.h: what the parts of FerrySandbox share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ferry-region-catalogue.h"
#include "ferry-sandbox.h"
#include "ferry-sandbox-world.h"

G_BEGIN_DECLS

/* FerrySandbox is written in seven files: serving, authentication and
 * faults (ferry-sandbox.c), the control routes (ferry-sandbox-control.c),
 * requests and answers (ferry-sandbox-request.c), routing
 * (ferry-sandbox-api.c) and the IAM, IMS and CBR routes
 * (ferry-sandbox-api-iam.c, -ims.c, -cbr.c, which share
 * ferry-sandbox-api-private.h). */

#define FERRY_SANDBOX_JSON_CONTENT_TYPE "application/json;charset=UTF-8"

typedef enum
{
  SERVICE_IAM,
  SERVICE_IMS,
  SERVICE_CBR,
} Service;

typedef enum
{
  FAULT_NONE,
  FAULT_DROP,
  FAULT_FAIL,
  FAULT_THROTTLE,
} Fault;

typedef struct _Request Request;

typedef void (*Handler) (FerrySandbox *self,
                         Request      *req);

typedef struct
{
  Service     service;
  const char *method;
  const char *pattern;
  Handler     handler;
} Route;

struct _Request
{
  FerrySandbox      *self;
  SoupServerMessage *msg;
  GHashTable        *query;       /* decoded; may be NULL */
  char              *request_id;
  const Route       *route;
  const char        *region;      /* interned */
  char             **segments;    /* service, region, then the API path, unescaped */
  const char        *project_id;  /* X-Project-Id once checked */
  Fault              fault;
  GSource           *source;      /* a pending delay or drop */
  gboolean           paused;
};

struct _FerrySandbox
{
  GObject               parent_instance;

  /* Properties */
  guint                 port;
  char                 *state_file;
  guint                 copy_seconds;
  guint                 latency_ms;
  double                fail_rate;
  double                throttle_rate;
  double                drop_rate;
  double                job_fail_rate;
  guint64               random_seed;
  guint                 images_per_region;

  FerryRegionCatalogue *catalogue;
  FerrySandboxWorld    *world;
  SoupServer           *server;
  guint                 bound_port;
  GMainContext         *context;      /* the thread-default one of ferry_sandbox_start() */
  GRand                *rand;
  GHashTable           *stats;        /* "METHOD pattern" → count */
  guint                 connections;  /* that carried API requests, see counted_connection() */
  guint                 generation;   /* of the stats: one more at every reset */
  GHashTable           *pending;      /* Request set: answers not given yet */
  GHashTable           *refused_grants; /* project id → grants still to refuse */
  GHashTable           *refused_quotas; /* project ids whose quota query answers 403 */
};

/* ferry-sandbox.c: seeds the faults' draws and the world's job failures
 * from random-seed, as at the start. */
void        ferry_sandbox_reseed             (FerrySandbox       *self);

/* ferry-sandbox.c: whether a grant on @project_id is to be refused (one
 * refusal used up); see ferry_sandbox_refuse_grants(). */
gboolean    ferry_sandbox_take_refused_grant (FerrySandbox       *self,
                                              const char         *project_id);

/* ferry-sandbox-control.c: answers a request to /_sandbox/…, @path. */
void        ferry_sandbox_handle_control     (FerrySandbox       *self,
                                              Request            *req,
                                              const char         *path);

/* ferry-sandbox-control.c: whether @project_id's quota query answers 403
 * (POST /_sandbox/quota with "refuse"). */
gboolean    ferry_sandbox_quota_refused      (FerrySandbox       *self,
                                              const char         *project_id);

/* ferry-sandbox-request.c */
Request    *ferry_sandbox_request_new        (FerrySandbox       *self,
                                              SoupServerMessage  *msg,
                                              GHashTable         *query);
void        ferry_sandbox_request_free       (Request            *req);
/* A decoded query parameter, NULL when absent. */
const char *ferry_sandbox_request_query      (Request            *req,
                                              const char         *name);
/* The value of {name} in the route's pattern, unescaped. */
const char *ferry_sandbox_request_param      (Request            *req,
                                              const char         *name);
const char *ferry_sandbox_request_method     (Request            *req);
/* Calls @func with @req after @delay_ms (0: when idle) on the sandbox's
 * context. */
void        ferry_sandbox_request_schedule   (Request            *req,
                                              guint               delay_ms,
                                              GSourceFunc         func);
void        ferry_sandbox_request_unschedule (Request            *req);

/* Sets the status and, when @object is not NULL, a JSON body; takes @object. */
void        ferry_sandbox_respond            (Request            *req,
                                              guint               status,
                                              JsonObject         *object);
JsonObject *ferry_sandbox_object_with_array  (const char         *member,
                                              JsonArray          *array);
/* {"error_code", "error_msg", "request_id"}: the API gateway's shape.
 * Returns FALSE, for the checks' convenience. */
gboolean    ferry_sandbox_gateway_error      (Request            *req,
                                              guint               status,
                                              const char         *code,
                                              const char         *format,
                                              ...) G_GNUC_PRINTF (4, 5);
/* {"error": {"code", "message"}}: IMS's shape. */
void        ferry_sandbox_ims_error          (Request            *req,
                                              guint               status,
                                              const char         *code,
                                              const char         *format,
                                              ...) G_GNUC_PRINTF (4, 5);
/* {"error_msg", "error_code"}: IAM's shape (its reference's 返回结果 page). */
void        ferry_sandbox_iam_error          (Request            *req,
                                              guint               status,
                                              const char         *code,
                                              const char         *format,
                                              ...) G_GNUC_PRINTF (4, 5);
/* {"error_code", "error_msg"}: CBR's and the control routes' shape. */
void        ferry_sandbox_flat_error         (Request            *req,
                                              guint               status,
                                              const char         *code,
                                              const char         *format,
                                              ...) G_GNUC_PRINTF (4, 5);

/* The body as a JSON object, NULL when it is none. */
JsonObject *ferry_sandbox_parse_body         (Request            *req);
/* FALSE when the member is there but no string; *value is NULL when it
 * is absent or null. */
gboolean    ferry_sandbox_get_string         (JsonObject         *object,
                                              const char         *member,
                                              const char        **value);
/* Reads string members into the pointers that follow each name, up to a
 * NULL name; returns the name of a member of another type, or NULL. */
const char *ferry_sandbox_get_strings        (JsonObject         *object,
                                              const char         *first_member,
                                              ...) G_GNUC_NULL_TERMINATED;

/* ferry-sandbox-api.c: finds the route of @path (the service, the region,
 * then the API path) and sets req->route; answers 404 and returns FALSE
 * when there is none. */
gboolean    ferry_sandbox_resolve_route      (FerrySandbox       *self,
                                              Request            *req,
                                              const char         *path);

G_END_DECLS
