/* ferry-sandbox-api.c: which handler answers an API request, and what the
 * handlers of the services share
 *
 * The handlers and their route tables are in ferry-sandbox-api-iam.c,
 * -ims.c and -cbr.c.
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-api-private.h"

/* Routing */

/* Each service's routes, first match wins; the path's first segment names
 * the service. */
static const struct
{
  const char  *name;
  const Route *routes;
  const guint *n_routes;
} services[] = {
  [SERVICE_IAM] = { "iam", ferry_sandbox_iam_routes, &ferry_sandbox_n_iam_routes },
  [SERVICE_IMS] = { "ims", ferry_sandbox_ims_routes, &ferry_sandbox_n_ims_routes },
  [SERVICE_CBR] = { "cbr", ferry_sandbox_cbr_routes, &ferry_sandbox_n_cbr_routes },
};

static gboolean
pattern_matches (const char  *pattern,
                 char       **segments)
{
  g_auto(GStrv) parts = g_strsplit (pattern + 1, "/", -1);

  if (g_strv_length (parts) != g_strv_length (segments))
    return FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '{')
        {
          if (segments[i][0] == '\0')
            return FALSE;
        }
      else if (strcmp (parts[i], segments[i]) != 0)
        {
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
ferry_sandbox_resolve_route (FerrySandbox *self,
                             Request      *req,
                             const char   *path)
{
  g_auto(GStrv) parts = g_strsplit (path[0] == '/' ? path + 1 : path, "/", -1);
  guint n = g_strv_length (parts);
  const char *method = ferry_sandbox_request_method (req);
  int service = -1;

  /* A trailing slash names the same resource. */
  if (n > 0 && parts[n - 1][0] == '\0')
    g_clear_pointer (&parts[--n], g_free);

  req->segments = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      req->segments[i] = g_uri_unescape_string (parts[i], NULL);
      if (req->segments[i] == NULL)
        goto not_found;
    }

  if (n < 3)
    goto not_found;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    if (strcmp (req->segments[0], services[i].name) == 0)
      service = i;
  if (service < 0)
    goto not_found;

  if (ferry_region_catalogue_lookup (self->catalogue, req->segments[1]) == NULL)
    return ferry_sandbox_gateway_error (req, SOUP_STATUS_NOT_FOUND, "APIGW.0101",
                                        "The API does not exist or has not been published in the "
                                        "environment: there is no region %s.", req->segments[1]);
  req->region = g_intern_string (req->segments[1]);

  for (guint i = 0; i < *services[service].n_routes; i++)
    if (strcmp (services[service].routes[i].method, method) == 0 &&
        pattern_matches (services[service].routes[i].pattern, req->segments + 2))
      {
        req->route = &services[service].routes[i];
        return TRUE;
      }

not_found:
  return ferry_sandbox_gateway_error (req, SOUP_STATUS_NOT_FOUND, "APIGW.0101",
                                      "The API does not exist or has not been published in the "
                                      "environment.");
}

/* What the handlers share */

gboolean
ferry_sandbox_is_chinese (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) ||    /* CJK Unified Ideographs */
         (c >= 0x3400 && c <= 0x4DBF) ||    /* Extension A */
         (c >= 0x20000 && c <= 0x2A6DF);    /* Extension B */
}

gboolean
ferry_sandbox_is_valid_text (const char *text,
                             glong       max,
                             const char *forbidden)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max)
    return FALSE;
  return strpbrk (text, forbidden) == NULL;
}

gboolean
ferry_sandbox_get_query_uint (Request    *req,
                              const char *name,
                              guint64     min,
                              guint64     fallback,
                              guint64    *value)
{
  const char *text = ferry_sandbox_request_query (req, name);

  *value = fallback;
  if (text == NULL)
    return TRUE;
  return g_ascii_string_to_unsigned (text, 10, min, G_MAXINT32, value, NULL);
}
