/* ferry-client-private.h: what tests and benchmarks may see of FerryClient,
 * and what its files share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ferry-client.h"

G_BEGIN_DECLS

/* ferry-client.c is the object, its addresses, and each request's
 * attempts: the deadline, the retries and their budget, the log;
 * ferry-client-message.c is one attempt on the wire: the SoupMessage
 * built and signed, and its answer read, bounded and made into a result
 * or an error. */

struct _FerryClient
{
  GObject               parent_instance;

  SoupSession          *session;
  FerryCredentials     *credentials;
  FerryRegionCatalogue *catalogue;
  char                 *endpoint_template;
  char                 *domain_id;
  guint                 timeout;
  guint                 retry_budget;
  guint                 request_count;
};

typedef struct
{
  FerryService       service;
  char              *project_id;
  char              *method;
  GUri              *uri;
  GBytes            *body;
  FerryRequestFlags  flags;
  guint              attempt;
  gint64             first_sent_us;
  gint64             attempt_sent_us;
  guint              http_status;
  GSource           *retry_source;   /* the wait before the next attempt */
  GSource           *cancel_source;  /* wakes that wait when cancelled */

  /* The attempt under way */
  SoupMessage       *msg;
  GCancellable      *attempt_cancellable; /* cancelled by the caller's, or the deadline */
  gulong             cancelled_id;        /* on the caller's cancellable */
  GSource           *deadline_source;
  gboolean           timed_out;
  GInputStream      *stream;              /* the answer's body, decoded */
  GByteArray        *answer;
} Request;

typedef enum
{
  RETRY_SCHEDULED,
  RETRY_OUT_OF_BUDGET,   /* retrying went on as long as it may */
  RETRY_WAIT_TOO_LONG,   /* the server asked for a longer wait than is left */
} RetryOutcome;

/* ferry-client.c */
/* Ends the attempt under way, whatever became of it. */
void          ferry_request_end_attempt     (Request           *request,
                                             GCancellable      *caller_cancellable);
/* Schedules another attempt if the budget allows. */
RetryOutcome  ferry_request_schedule_retry  (GTask             *task,
                                             gint64             retry_after_seconds);
void          ferry_request_say_gave_up     (GError            *error,
                                             Request           *request,
                                             RetryOutcome       outcome,
                                             gint64             retry_after_seconds);
void          ferry_request_log_result      (Request           *request,
                                             guint              status,
                                             const char        *request_id,
                                             const GError      *error);
/* The attempt ended without an answer. */
void          ferry_request_attempt_failed  (GTask             *task,
                                             const GError      *error);

/* ferry-client-message.c */
SoupMessage  *ferry_request_build_message   (FerryClient       *self,
                                             Request           *request);
/* The error of an attempt that passed the client's deadline. */
GError       *ferry_request_timeout_error   (FerryClient       *self);
/* soup_session_send_async()'s callback: reads the answer and returns
 * @user_data, the request's GTask (taking its reference), with what it
 * says, or retries. */
void          ferry_request_sent_cb         (GObject           *object,
                                             GAsyncResult      *result,
                                             gpointer           user_data);

/* Requests sent, retries included (for tests, benchmarks and notes). */
guint        ferry_client_get_request_count  (FerryClient       *self);

/* The session every request of @self goes through, with its connection
 * pool; for tests that send their own messages the way the client does. */
SoupSession *ferry_client_get_session        (FerryClient       *self);

/* What the client does to every message before sending it: the
 * connection it may use, no redirect followed, no credentials of
 * libsoup's own, and the guard against libsoup 3.2's restart race (see
 * the note in ferry-client-message.c). */
void         ferry_client_prepare_message    (SoupMessage       *msg,
                                              FerryRequestFlags  flags);

G_END_DECLS
