/* ferry-error.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ferry-error.h"

/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

typedef struct
{
  guint  http_status;
  char  *server_code;
  char  *server_message;
  char  *request_id;
} FerryApiErrorPrivate;

static void
ferry_api_error_private_init (FerryApiErrorPrivate *priv)
{
}

static void
ferry_api_error_private_copy (const FerryApiErrorPrivate *src,
                              FerryApiErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->server_code = g_strdup (src->server_code);
  dest->server_message = g_strdup (src->server_message);
  dest->request_id = g_strdup (src->request_id);
}

static void
ferry_api_error_private_clear (FerryApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->server_message, g_free);
  g_clear_pointer (&priv->request_id, g_free);
}

G_DEFINE_EXTENDED_ERROR (FerryApiError, ferry_api_error)

typedef struct
{
  const char        *code;
  FerryApiErrorCode  kind;
  const char        *sentence;
  const char        *hint;      /* what the user can do about it, or NULL */
} KnownCode;

/* What the user can do, shared by several codes. Written for a copy that
 * failed: the queue shows them under the task (ferry-copy-queue.c). */
#define HINT_GRANT     N_("Grant IMS Administrator to the agency in both the source and the destination region, then retry the copy.")
#define HINT_AGENCY    N_("Check that the agency still exists and is an agency for the Image Management Service, or choose another one, then retry.")
#define HINT_NOTHING   N_("There is nothing left to copy. Remove the copy from the list.")
#define HINT_NORMAL    N_("Wait until the image is Normal, then retry the copy.")
#define HINT_ELSEWHERE N_("This image cannot be copied there. Choose another image or another destination.")
#define HINT_BACKUP    N_("Wait until the image’s backup is finished, then retry the copy.")
#define HINT_VAULT     N_("Copy the image again with an available replication vault for server backups, with enough free space, in the destination region.")
#define HINT_PROJECT   N_("Copy the image again and choose the destination project.")
#define HINT_KEYS      N_("Check the access key and the secret key, then retry the copy.")
#define HINT_CLOCK     N_("Correct this computer’s clock, then retry the copy.")
#define HINT_WAIT      N_("The copy starts by itself when one of the running copies finishes.")
#define HINT_QUOTA     N_("Delete images you no longer need in the destination project, or ask for a larger image quota, then retry the copy.")

/* Every code of the API notes, with what it means to the user and, where
 * there is something to do, what to do. */
static const KnownCode known_codes[] = {
  { "APIGW.0301", FERRY_API_ERROR_CREDENTIALS,
    N_("The access key or secret key is wrong."),
    HINT_KEYS },
  { "APIGW.0303", FERRY_API_ERROR_CLOCK_SKEW,
    N_("This computer’s clock differs from the server’s by more than 15 minutes. Correct the time and try again."),
    HINT_CLOCK },
  { "APIGW.0101", FERRY_API_ERROR_NOT_FOUND,
    N_("The service does not offer this interface in the region."),
    NULL },
  { "APIGW.0308", FERRY_API_ERROR_THROTTLED,
    N_("The service is receiving too many requests and turned this one away."),
    NULL },
  /* The service's own refusals of a copy's name and description (IMS
   * error table); Ferry checks both before sending, as ferry-rules says. */
  { "IMG.0002", FERRY_API_ERROR_FAILED,
    N_("The name is longer than 128 characters."),
    NULL },
  { "IMG.0003", FERRY_API_ERROR_FAILED,
    N_("The name may contain only letters, digits, Chinese characters, spaces, “-”, “_” and “.”, and cannot begin or end with a space."),
    NULL },
  { "IMG.0004", FERRY_API_ERROR_FAILED,
    N_("The description is longer than 1024 characters."),
    NULL },
  { "IMG.0013", FERRY_API_ERROR_FAILED,
    N_("Enter a name."),
    NULL },
  { "IMG.0054", FERRY_API_ERROR_FAILED,
    N_("The description cannot contain “<”, “>” or carriage returns."),
    NULL },
  { "IMG.0086", FERRY_API_ERROR_NOT_FOUND,
    N_("The image does not exist."),
    NULL },
  { "IMG.0130", FERRY_API_ERROR_FAILED,
    N_("Whole-machine images cannot be copied within a region."),
    HINT_ELSEWHERE },
  { "BackupService.6105", FERRY_API_ERROR_NOT_FOUND,
    N_("The vault does not exist."),
    NULL },
  { "IMG.0046", FERRY_API_ERROR_FAILED,
    N_("The image is not in a state that allows copying. Copy it once it is Normal."),
    HINT_NORMAL },
  { "IMG.0142", FERRY_API_ERROR_FAILED,
    N_("The destination region is the same as the source region."),
    HINT_ELSEWHERE },
  { "IMG.0143", FERRY_API_ERROR_FAILED,
    N_("Encrypted images cannot be copied to another region."),
    HINT_ELSEWHERE },
  { "IMG.0144", FERRY_API_ERROR_NOT_FOUND,
    N_("The image does not exist, or it is not one of your private images."),
    HINT_NOTHING },
  { "IMG.0027", FERRY_API_ERROR_NOT_FOUND,
    N_("The image does not exist."),
    HINT_NOTHING },
  { "IMG.0145", FERRY_API_ERROR_FAILED,
    N_("The destination project name is wrong."),
    HINT_PROJECT },
  { "IMG.0104", FERRY_API_ERROR_FAILED,
    N_("The destination region has several projects: choose one."),
    HINT_PROJECT },
  /* Documented: "The number of private images has reached the maximum
   * allowed." (错误码, ims_03_0908). */
  { "IMG.0015", FERRY_API_ERROR_FAILED,
    N_("The destination project has no image quota left."),
    HINT_QUOTA },
  { "IMG.0146", FERRY_API_ERROR_FAILED,
    N_("The image is larger than the size that can be copied across regions."),
    HINT_ELSEWHERE },
  { "IMG.0147", FERRY_API_ERROR_FAILED,
    N_("The image cannot be copied to this region."),
    HINT_ELSEWHERE },
  { "IMG.0149", FERRY_API_ERROR_THROTTLED,
    N_("Your account already has five cross-region copies in progress. The copy waits until one finishes."),
    HINT_WAIT },
  { "IMG.0150", FERRY_API_ERROR_FAILED,
    N_("The backup of this whole-machine image was already copied to the destination region."),
    HINT_ELSEWHERE },
  { "IMG.0151", FERRY_API_ERROR_PERMISSION,
    N_("The agency lacks the IMS Administrator permission in the source or the destination region."),
    HINT_GRANT },
  { "IMG.0152", FERRY_API_ERROR_FAILED,
    N_("The whole-machine image is available in only one availability zone because its backup is not finished yet."),
    HINT_BACKUP },
  { "IMG.0167", FERRY_API_ERROR_FAILED,
    N_("Images made from ISO files cannot be copied."),
    HINT_ELSEWHERE },
  { "IMG.0179", FERRY_API_ERROR_PERMISSION,
    N_("The agency’s token is not valid. Check that the agency still exists and trusts IMS."),
    HINT_AGENCY },
  { "IMG.0182", FERRY_API_ERROR_FAILED,
    N_("The destination vault has no free capacity."),
    HINT_VAULT },
  { "IMG.0184", FERRY_API_ERROR_FAILED,
    N_("The destination vault was not found."),
    HINT_VAULT },
  { "IMG.0188", FERRY_API_ERROR_FAILED,
    N_("The destination vault is not available."),
    HINT_VAULT },
  { "IMG.0189", FERRY_API_ERROR_FAILED,
    N_("The destination vault is not a replication vault."),
    HINT_VAULT },
  { "IMG.0193", FERRY_API_ERROR_FAILED,
    N_("The destination vault is not a server backup vault."),
    HINT_VAULT },
  /* Image tags (IMS error table: "The image tag is invalid.", "The number
   * of image tags exceeds the quota."). */
  { "IMG.0115", FERRY_API_ERROR_FAILED,
    N_("The service refused the tag: its key or value is not allowed (system tags, whose keys begin with “_sys_”, cannot be set)."),
    NULL },
  { "IMG.0116", FERRY_API_ERROR_FAILED,
    N_("The image already has as many tags as the service allows."),
    NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (known_codes) > 0);

static const KnownCode *
find_known_code (const char *server_code)
{
  if (server_code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (known_codes); i++)
    if (g_ascii_strcasecmp (known_codes[i].code, server_code) == 0)
      return &known_codes[i];

  return NULL;
}

const char *
ferry_api_error_explain_code (const char *server_code)
{
  const KnownCode *known = find_known_code (server_code);

  return known != NULL ? _(known->sentence) : NULL;
}

const char *
ferry_api_error_hint_for_code (const char *server_code)
{
  const KnownCode *known = find_known_code (server_code);

  return known != NULL && known->hint != NULL ? _(known->hint) : NULL;
}

static FerryApiErrorCode
kind_for_status (guint http_status)
{
  if (http_status == SOUP_STATUS_UNAUTHORIZED)
    return FERRY_API_ERROR_CREDENTIALS;
  if (http_status == SOUP_STATUS_FORBIDDEN)
    return FERRY_API_ERROR_PERMISSION;
  if (http_status == SOUP_STATUS_NOT_FOUND)
    return FERRY_API_ERROR_NOT_FOUND;
  if (http_status == HTTP_TOO_MANY_REQUESTS)
    return FERRY_API_ERROR_THROTTLED;
  if (http_status >= 500)
    return FERRY_API_ERROR_UNAVAILABLE;
  return FERRY_API_ERROR_FAILED;
}

static const char *
sentence_for_kind (FerryApiErrorCode kind)
{
  switch (kind)
    {
    case FERRY_API_ERROR_NETWORK:
      return _("The service cannot be reached. Check the network connection.");
    case FERRY_API_ERROR_TLS:
      return _("The server’s identity could not be verified, so the connection was refused.");
    case FERRY_API_ERROR_CREDENTIALS:
      return _("The access key or secret key is wrong.");
    case FERRY_API_ERROR_CLOCK_SKEW:
      return _("This computer’s clock differs from the server’s by more than 15 minutes. Correct the time and try again.");
    case FERRY_API_ERROR_PERMISSION:
      return _("The account is not allowed to do this. Check its IAM permissions.");
    case FERRY_API_ERROR_NOT_FOUND:
      return _("The requested item does not exist.");
    case FERRY_API_ERROR_THROTTLED:
      return _("The service is receiving too many requests and turned this one away.");
    case FERRY_API_ERROR_UNAVAILABLE:
      return _("The service is temporarily unavailable. Try again later.");
    case FERRY_API_ERROR_INVALID_RESPONSE:
      return _("The service sent an answer Ferry does not understand.");
    case FERRY_API_ERROR_INVALID_ENDPOINT:
      return _("The endpoint address is not valid.");
    case FERRY_API_ERROR_NO_CREDENTIALS:
      return _("No access key is set up.");
    case FERRY_API_ERROR_FAILED:
    default:
      return _("The service refused the request.");
    }
}

GError *
ferry_api_error_new (FerryApiErrorCode  code,
                     guint              http_status,
                     const char        *server_code,
                     const char        *server_message,
                     const char        *request_id)
{
  const KnownCode *known = find_known_code (server_code);
  FerryApiErrorPrivate *priv;
  GError *error;

  error = g_error_new_literal (FERRY_API_ERROR, code,
                               known != NULL ? _(known->sentence) : sentence_for_kind (code));
  priv = ferry_api_error_get_private (error);
  priv->http_status = http_status;
  priv->server_code = g_strdup (server_code);
  priv->server_message = g_strdup (server_message);
  priv->request_id = g_strdup (request_id);

  return error;
}

GError *
ferry_api_error_new_literal (FerryApiErrorCode  code,
                             const char        *message)
{
  return g_error_new_literal (FERRY_API_ERROR, code, message);
}

GError *
ferry_api_error_new_from_answer (guint       http_status,
                                 const char *server_code,
                                 const char *server_message,
                                 const char *request_id)
{
  const KnownCode *known = find_known_code (server_code);
  FerryApiErrorCode kind = known != NULL ? known->kind : kind_for_status (http_status);

  /* A 5xx or a 429 is what may be tried again, whatever code it carries.
   * Documented: APIGW.0101 comes with 404 ("the API does not exist",
   * support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-errorcode.html),
   * and APIG.0308 throttling is to be retried after a few seconds (the
   * APIG.0308 FAQ of the same site). Seen, not documented: a 503 carrying
   * APIGW.0101 while a backend is away, which the status, not the code,
   * describes. The code is kept for support either way. */
  if (http_status >= 500 || http_status == HTTP_TOO_MANY_REQUESTS)
    kind = kind_for_status (http_status);
  if (known != NULL && known->kind != kind)
    {
      GError *error = ferry_api_error_new (kind, http_status, server_code, server_message, request_id);

      g_free (error->message);
      error->message = g_strdup (sentence_for_kind (kind));
      return error;
    }

  return ferry_api_error_new (kind, http_status, server_code, server_message, request_id);
}

GError *
ferry_api_error_new_from_transport (const GError *error)
{
  FerryApiErrorCode kind = FERRY_API_ERROR_NETWORK;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == FERRY_API_ERROR)
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    kind = FERRY_API_ERROR_TLS;

  /* The transport's own words are kept as the "server message" for the
   * debug log and support requests; the user reads our sentence. */
  return ferry_api_error_new (kind, 0, NULL, error->message, NULL);
}

#define GET_PRIV_OR(error, fallback) \
  G_STMT_START { \
    g_return_val_if_fail (error != NULL, fallback); \
    if (error->domain != FERRY_API_ERROR) \
      return fallback; \
  } G_STMT_END

guint
ferry_api_error_get_http_status (const GError *error)
{
  GET_PRIV_OR (error, 0);
  return ferry_api_error_get_private (error)->http_status;
}

const char *
ferry_api_error_get_server_code (const GError *error)
{
  GET_PRIV_OR (error, NULL);
  return ferry_api_error_get_private (error)->server_code;
}

const char *
ferry_api_error_get_server_message (const GError *error)
{
  GET_PRIV_OR (error, NULL);
  return ferry_api_error_get_private (error)->server_message;
}

const char *
ferry_api_error_get_request_id (const GError *error)
{
  GET_PRIV_OR (error, NULL);
  return ferry_api_error_get_private (error)->request_id;
}

char *
ferry_api_error_format (const GError *error)
{
  const char *code;
  const char *request_id;

  g_return_val_if_fail (error != NULL, NULL);

  code = ferry_api_error_get_server_code (error);
  request_id = ferry_api_error_get_request_id (error);

  if (code != NULL && request_id != NULL)
    /* Translators: an error sentence, then the server's error code and the
     * id of the request, for a support ticket. */
    return g_strdup_printf (_("%s (%s, request %s)"), error->message, code, request_id);
  if (code != NULL)
    return g_strdup_printf (_("%s (%s)"), error->message, code);
  if (request_id != NULL)
    return g_strdup_printf (_("%s (request %s)"), error->message, request_id);
  return g_strdup (error->message);
}

gboolean
ferry_api_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  return g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK) ||
         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAVAILABLE) ||
         (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_THROTTLED) &&
          g_strcmp0 (ferry_api_error_get_server_code (error), "IMG.0149") != 0);
}
