/* ferry-signer.c: Huawei Cloud SDK-HMAC-SHA256 request signing
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The canonical request is
 *
 *   METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n
 *   SignedHeaders \n hex(sha256(body))
 *
 * and the signature is hex(HMAC-SHA256(SK, string to sign)) with
 *
 *   SDK-HMAC-SHA256 \n X-Sdk-Date \n hex(sha256(canonical request))
 *
 * Decisions on points the API notes leave open, following the official
 * SDKs where they agree:
 *
 *  - Path and query components are percent-decoded before being
 *    re-encoded, unless the GUri was parsed without G_URI_FLAGS_ENCODED /
 *    _ENCODED_PATH / _ENCODED_QUERY, in which case GLib already decoded
 *    them. A component holding a malformed escape (only possible with
 *    G_URI_FLAGS_PARSE_RELAXED) is taken literally, so its '%' becomes %25.
 *  - The path is split on '/' before decoding, so an encoded slash (%2F)
 *    stays inside its segment.
 *  - In the query, '+' is a literal plus sign (RFC 3986), not a space; it
 *    is signed as %2B. Spaces must be sent as %20.
 *  - Query pairs are sorted on the decoded bytes, key first, then value.
 *    Empty pieces ("a=1&&b=2") are skipped; "key" alone signs as "key=".
 *  - The signed header list is normalised: names are lower-cased, sorted,
 *    deduplicated, and names containing '_' are dropped.
 *  - A header that appears several times gives one "name:value" line per
 *    value, values trimmed and sorted. A signed header that is absent gives
 *    no line, except "host", which is then taken from the URI (host, plus
 *    ":port" for a non-default port), as libsoup will send it.
 *  - The method is used as given; callers pass it upper-case.
 *  - ferry_signer_signature() and ferry_signer_authorization() return NULL
 *    when @headers has no X-Sdk-Date, rather than warning, since the
 *    sandbox calls them on requests it received.
 */

#include "config.h"

#include "ferry-signer.h"

#include <string.h>

#define FERRY_SIGNER_DATE_LENGTH 16 /* strlen ("20060102T150405Z") */

typedef struct
{
  GBytes *key;
  GBytes *value;
} QueryPair;

static void
query_pair_clear (gpointer data)
{
  QueryPair *pair = data;

  g_clear_pointer (&pair->key, g_bytes_unref);
  g_clear_pointer (&pair->value, g_bytes_unref);
}

static int
query_pair_compare (gconstpointer a,
                    gconstpointer b)
{
  const QueryPair *pa = a;
  const QueryPair *pb = b;
  int ret;

  if ((ret = g_bytes_compare (pa->key, pb->key)) != 0)
    return ret;

  return g_bytes_compare (pa->value, pb->value);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Percent-decodes @len bytes of @text (-1 for all of it) when @encoded is
 * set; otherwise, or when @text holds a malformed escape, returns the bytes
 * as they are. */
static GBytes *
decode_component (const char *text,
                  gssize      len,
                  gboolean    encoded)
{
  if (len < 0)
    len = strlen (text);

  if (encoded)
    {
      GBytes *bytes = g_uri_unescape_bytes (text, len, NULL, NULL);

      if (bytes != NULL)
        return bytes;
    }

  return g_bytes_new (text, len);
}

/* Appends @bytes with everything but A-Z a-z 0-9 - _ . ~ escaped as %XX
 * with upper-case hex. */
static void
append_escaped (GString *out,
                GBytes  *bytes)
{
  g_autofree char *escaped = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  /* Empty GBytes may have NULL data, which g_uri_escape_bytes() refuses. */
  if (len == 0)
    return;

  escaped = g_uri_escape_bytes (data, len, NULL);
  g_string_append (out, escaped);
}

static void
append_decoded_escaped (GString    *out,
                        const char *text,
                        gssize      len,
                        gboolean    encoded)
{
  g_autoptr(GBytes) bytes = decode_component (text, len, encoded);

  append_escaped (out, bytes);
}

static char *
canonical_uri (GUri *uri)
{
  const char *path = g_uri_get_path (uri);
  gboolean encoded;
  g_auto(GStrv) segments = NULL;
  GString *out;

  if (path == NULL || path[0] == '\0')
    return g_strdup ("/");

  encoded = (g_uri_get_flags (uri) & (G_URI_FLAGS_ENCODED | G_URI_FLAGS_ENCODED_PATH)) != 0;
  segments = g_strsplit (path, "/", -1);
  out = g_string_new (NULL);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      append_decoded_escaped (out, segments[i], -1, encoded);
    }

  if (out->len == 0 || out->str[out->len - 1] != '/')
    g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

static char *
canonical_query (GUri *uri)
{
  const char *query = g_uri_get_query (uri);
  g_autoptr(GArray) pairs = NULL;
  g_auto(GStrv) pieces = NULL;
  gboolean encoded;
  GString *out;

  if (query == NULL || query[0] == '\0')
    return g_strdup ("");

  encoded = (g_uri_get_flags (uri) & (G_URI_FLAGS_ENCODED | G_URI_FLAGS_ENCODED_QUERY)) != 0;
  pairs = g_array_new (FALSE, TRUE, sizeof (QueryPair));
  g_array_set_clear_func (pairs, query_pair_clear);
  pieces = g_strsplit (query, "&", -1);

  for (guint i = 0; pieces[i] != NULL; i++)
    {
      const char *piece = pieces[i];
      const char *eq;
      QueryPair pair;

      if (piece[0] == '\0')
        continue;

      eq = strchr (piece, '=');
      if (eq != NULL)
        {
          pair.key = decode_component (piece, eq - piece, encoded);
          pair.value = decode_component (eq + 1, -1, encoded);
        }
      else
        {
          pair.key = decode_component (piece, -1, encoded);
          pair.value = g_bytes_new_static ("", 0);
        }

      g_array_append_val (pairs, pair);
    }

  g_array_sort (pairs, query_pair_compare);

  out = g_string_new (NULL);
  for (guint i = 0; i < pairs->len; i++)
    {
      const QueryPair *pair = &g_array_index (pairs, QueryPair, i);

      if (i > 0)
        g_string_append_c (out, '&');
      append_escaped (out, pair->key);
      g_string_append_c (out, '=');
      append_escaped (out, pair->value);
    }

  return g_string_free (out, FALSE);
}

/* The Host header libsoup sends for @uri. */
static char *
host_from_uri (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  const char *scheme = g_uri_get_scheme (uri);
  int port = g_uri_get_port (uri);
  int default_port = -1;
  g_autofree char *bracketed = NULL;

  if (host == NULL)
    return NULL;

  if (strchr (host, ':') != NULL)
    host = bracketed = g_strdup_printf ("[%s]", host);

  if (scheme != NULL)
    {
      if (g_ascii_strcasecmp (scheme, "http") == 0 ||
          g_ascii_strcasecmp (scheme, "ws") == 0)
        default_port = 80;
      else if (g_ascii_strcasecmp (scheme, "https") == 0 ||
               g_ascii_strcasecmp (scheme, "wss") == 0)
        default_port = 443;
    }

  if (port == -1 || port == default_port)
    return g_strdup (host);

  return g_strdup_printf ("%s:%d", host, port);
}

/* Sorts @names bytewise and removes duplicates. */
static void
sort_unique (GPtrArray *names)
{
  guint i = 1;

  g_ptr_array_sort (names, compare_strings);

  while (i < names->len)
    {
      if (strcmp (g_ptr_array_index (names, i - 1),
                  g_ptr_array_index (names, i)) == 0)
        g_ptr_array_remove_index (names, i);
      else
        i++;
    }
}

static char *
join_names (GPtrArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      g_string_append (out, g_ptr_array_index (names, i));
    }

  return g_string_free (out, FALSE);
}

/* Lower-cased, sorted, unique names from a ';'-joined list, without empty
 * names and names containing '_'. */
static GPtrArray *
normalize_signed_headers (const char *signed_headers)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  if (signed_headers == NULL)
    return names;

  parts = g_strsplit (signed_headers, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = g_strstrip (parts[i]);

      if (name[0] == '\0' || strchr (name, '_') != NULL)
        continue;

      g_ptr_array_add (names, g_ascii_strdown (name, -1));
    }

  sort_unique (names);

  return names;
}

static void
append_canonical_header (GString            *out,
                         const char         *name,
                         GUri               *uri,
                         SoupMessageHeaders *headers)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  SoupMessageHeadersIter iter;
  const char *header_name;
  const char *header_value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &header_name, &header_value))
    {
      if (g_ascii_strcasecmp (header_name, name) == 0)
        g_ptr_array_add (values, g_strstrip (g_strdup (header_value)));
    }

  if (values->len == 0 && strcmp (name, "host") == 0)
    {
      char *host = host_from_uri (uri);

      if (host != NULL)
        g_ptr_array_add (values, host);
    }

  g_ptr_array_sort (values, compare_strings);

  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (out, "%s:%s\n",
                            name, (const char *) g_ptr_array_index (values, i));
}

static char *
hash_body (GBytes *body)
{
  if (body == NULL)
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) "", 0);

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
}

char *
ferry_signer_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (when != NULL, NULL);

  utc = g_date_time_to_utc (when);
  if (utc == NULL)
    return NULL;

  return g_strdup_printf ("%04d%02d%02dT%02d%02d%02dZ",
                          g_date_time_get_year (utc),
                          g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

static int
parse_digits (const char *text,
              guint       count)
{
  int value = 0;

  for (guint i = 0; i < count; i++)
    value = value * 10 + (text[i] - '0');

  return value;
}

GDateTime *
ferry_signer_parse_date (const char *value)
{
  int year, month, day, hour, minute, second;

  if (value == NULL || strlen (value) != FERRY_SIGNER_DATE_LENGTH)
    return NULL;

  for (guint i = 0; i < FERRY_SIGNER_DATE_LENGTH; i++)
    {
      if (i == 8)
        {
          if (value[i] != 'T')
            return NULL;
        }
      else if (i == 15)
        {
          if (value[i] != 'Z')
            return NULL;
        }
      else if (!g_ascii_isdigit (value[i]))
        return NULL;
    }

  year = parse_digits (value, 4);
  month = parse_digits (value + 4, 2);
  day = parse_digits (value + 6, 2);
  hour = parse_digits (value + 9, 2);
  minute = parse_digits (value + 11, 2);
  second = parse_digits (value + 13, 2);

  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour > 23 || minute > 59 || second > 59)
    return NULL;

  /* Catches days past the end of the month. */
  return g_date_time_new_utc (year, month, day, hour, minute, second);
}

char *
ferry_signer_signed_headers (SoupMessageHeaders *headers)
{
  g_autoptr(GPtrArray) names = NULL;
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  g_return_val_if_fail (headers != NULL, NULL);

  names = g_ptr_array_new_with_free_func (g_free);

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      if (strchr (name, '_') != NULL)
        continue;

      g_ptr_array_add (names, g_ascii_strdown (name, -1));
    }

  sort_unique (names);

  return join_names (names);
}

char *
ferry_signer_canonical_request (const char         *method,
                                GUri               *uri,
                                SoupMessageHeaders *headers,
                                const char         *signed_headers,
                                GBytes             *body)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *path = NULL;
  g_autofree char *query = NULL;
  g_autofree char *names_joined = NULL;
  g_autofree char *body_hash = NULL;
  GString *out;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);

  names = normalize_signed_headers (signed_headers);
  names_joined = join_names (names);
  path = canonical_uri (uri);
  query = canonical_query (uri);
  body_hash = hash_body (body);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n%s\n%s\n", method, path, query);
  for (guint i = 0; i < names->len; i++)
    append_canonical_header (out, g_ptr_array_index (names, i), uri, headers);
  g_string_append_printf (out, "\n%s\n%s", names_joined, body_hash);

  return g_string_free (out, FALSE);
}

char *
ferry_signer_signature (const char         *secret_key,
                        const char         *method,
                        GUri               *uri,
                        SoupMessageHeaders *headers,
                        const char         *signed_headers,
                        GBytes             *body)
{
  g_autofree char *date = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *canonical_hash = NULL;
  g_autofree char *string_to_sign = NULL;
  const char *date_header;

  g_return_val_if_fail (secret_key != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);

  date_header = soup_message_headers_get_one (headers, FERRY_SIGNER_DATE_HEADER);
  if (date_header == NULL)
    return NULL;

  date = g_strstrip (g_strdup (date_header));
  canonical = ferry_signer_canonical_request (method, uri, headers,
                                              signed_headers, body);
  canonical_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  string_to_sign = g_strdup_printf ("%s\n%s\n%s",
                                    FERRY_SIGNER_ALGORITHM, date, canonical_hash);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                    (const guchar *) secret_key, strlen (secret_key),
                                    string_to_sign, -1);
}

char *
ferry_signer_authorization (const char         *access_key,
                            const char         *secret_key,
                            const char         *method,
                            GUri               *uri,
                            SoupMessageHeaders *headers,
                            GBytes             *body)
{
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;

  g_return_val_if_fail (access_key != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (headers != NULL, NULL);

  signed_headers = ferry_signer_signed_headers (headers);
  signature = ferry_signer_signature (secret_key, method, uri, headers,
                                      signed_headers, body);
  if (signature == NULL)
    return NULL;

  return g_strdup_printf ("%s Access=%s, SignedHeaders=%s, Signature=%s",
                          FERRY_SIGNER_ALGORITHM, access_key,
                          signed_headers, signature);
}

static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_hex (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p))
        return FALSE;
    }

  return TRUE;
}

gboolean
ferry_signer_parse_authorization (const char  *value,
                                  char       **access_key,
                                  char       **signed_headers,
                                  char       **signature)
{
  g_autofree char *copy = NULL;
  g_autofree char *ak = NULL;
  g_autofree char *names = NULL;
  g_autofree char *sig = NULL;
  g_auto(GStrv) fields = NULL;
  const char *rest;

  if (access_key != NULL)
    *access_key = NULL;
  if (signed_headers != NULL)
    *signed_headers = NULL;
  if (signature != NULL)
    *signature = NULL;

  if (value == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (value));
  if (!g_str_has_prefix (copy, FERRY_SIGNER_ALGORITHM))
    return FALSE;

  rest = copy + strlen (FERRY_SIGNER_ALGORITHM);
  if (!g_ascii_isspace (rest[0]))
    return FALSE;

  fields = g_strsplit (rest, ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      char *field = fields[i];
      char *eq = strchr (field, '=');
      const char *field_name;
      const char *field_value;
      char **slot;

      if (eq == NULL)
        return FALSE;

      *eq = '\0';
      field_name = g_strstrip (field);
      field_value = g_strstrip (eq + 1);

      if (strcmp (field_name, "Access") == 0)
        slot = &ak;
      else if (strcmp (field_name, "SignedHeaders") == 0)
        slot = &names;
      else if (strcmp (field_name, "Signature") == 0)
        slot = &sig;
      else
        return FALSE;

      if (*slot != NULL || field_value[0] == '\0' || has_space (field_value))
        return FALSE;

      *slot = g_strdup (field_value);
    }

  if (ak == NULL || names == NULL || sig == NULL || !is_hex (sig))
    return FALSE;

  if (access_key != NULL)
    *access_key = g_steal_pointer (&ak);
  if (signed_headers != NULL)
    *signed_headers = g_steal_pointer (&names);
  if (signature != NULL)
    *signature = g_steal_pointer (&sig);

  return TRUE;
}
