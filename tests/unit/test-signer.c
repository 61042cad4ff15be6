/* test-signer.c: tests for the SDK-HMAC-SHA256 signer
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdarg.h>
#include <string.h>

#include "ferry-signer.h"

#define AK   "AccessKey"
#define SK   "SecretKey"
#define DATE "20060102T150405Z"

/* sha256 of the empty string. */
#define EMPTY_HASH "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* The headers block and the SignedHeaders line when only X-Sdk-Date is
 * sent, followed by the body hash line's start. */
#define DATE_ONLY "x-sdk-date:" DATE "\n\nx-sdk-date\n"

static GUri *
parse_uri_with_flags (const char *text,
                      GUriFlags   flags)
{
  g_autoptr(GError) error = NULL;
  GUri *uri;

  uri = g_uri_parse (text, flags, &error);
  g_assert_no_error (error);
  g_assert_nonnull (uri);

  return uri;
}

static GUri *
parse_uri (const char *text)
{
  /* What soup_message_new() uses. */
  return parse_uri_with_flags (text, SOUP_HTTP_URI_FLAGS);
}

/* Name/value pairs, NULL-terminated. */
static SoupMessageHeaders *
new_headers (const char *first_name,
             ...)
{
  SoupMessageHeaders *headers;
  const char *name;
  va_list args;

  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  va_start (args, first_name);
  for (name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      soup_message_headers_append (headers, name, value);
    }
  va_end (args);

  return headers;
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* The canonical request of a GET of @uri with X-Sdk-Date only. */
static char *
canonical_get (GUri *uri)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *signed_headers = NULL;

  headers = new_headers (FERRY_SIGNER_DATE_HEADER, DATE, NULL);
  signed_headers = ferry_signer_signed_headers (headers);
  g_assert_cmpstr (signed_headers, ==, "x-sdk-date");

  return ferry_signer_canonical_request ("GET", uri, headers, signed_headers, NULL);
}

static void
assert_canonical_get (const char *uri_text,
                      const char *expected)
{
  g_autoptr(GUri) uri = parse_uri (uri_text);
  g_autofree char *canonical = canonical_get (uri);

  g_assert_cmpstr (canonical, ==, expected);
}

static void
assert_canonical_path (const char *uri_text,
                       const char *expected_path)
{
  g_autofree char *expected = g_strdup_printf ("GET\n%s\n\n" DATE_ONLY EMPTY_HASH,
                                               expected_path);

  assert_canonical_get (uri_text, expected);
}

static void
assert_canonical_query (const char *uri_text,
                        const char *expected_query)
{
  g_autofree char *expected = g_strdup_printf ("GET\n/\n%s\n" DATE_ONLY EMPTY_HASH,
                                               expected_query);

  assert_canonical_get (uri_text, expected);
}

static void
assert_authorization (const char         *method,
                      const char         *uri_text,
                      SoupMessageHeaders *headers,
                      GBytes             *body,
                      const char         *expected_signed_headers,
                      const char         *expected_signature)
{
  g_autoptr(GUri) uri = parse_uri (uri_text);
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *expected = NULL;

  signed_headers = ferry_signer_signed_headers (headers);
  g_assert_cmpstr (signed_headers, ==, expected_signed_headers);

  signature = ferry_signer_signature (SK, method, uri, headers, signed_headers, body);
  g_assert_cmpstr (signature, ==, expected_signature);

  authorization = ferry_signer_authorization (AK, SK, method, uri, headers, body);
  expected = g_strdup_printf ("SDK-HMAC-SHA256 Access=" AK ", SignedHeaders=%s, Signature=%s",
                              expected_signed_headers, expected_signature);
  g_assert_cmpstr (authorization, ==, expected);
}

/* Known vectors */

static void
test_vector_get (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("http://localhost/path?limit=1");
  g_autofree char *canonical = NULL;

  headers = new_headers (FERRY_SIGNER_DATE_HEADER, DATE,
                         "TEST_UNDERSCORE", "ok",
                         NULL);

  canonical = ferry_signer_canonical_request ("GET", uri, headers, "x-sdk-date", NULL);
  g_assert_cmpstr (canonical, ==,
                   "GET\n"
                   "/path/\n"
                   "limit=1\n"
                   "x-sdk-date:20060102T150405Z\n"
                   "\n"
                   "x-sdk-date\n"
                   EMPTY_HASH);

  assert_authorization ("GET", "http://localhost/path?limit=1", headers, NULL,
                        "x-sdk-date",
                        "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624");
}

static void
test_vector_post (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("http://localhost/path?key=value");
  g_autoptr(GBytes) body = bytes_from_string ("{\"Name\":\"test\",\"Id\":1}\n");
  g_autofree char *canonical = NULL;

  g_assert_cmpuint (g_bytes_get_size (body), ==, 23);

  headers = new_headers (FERRY_SIGNER_DATE_HEADER, DATE, NULL);

  /* Body hash from `printf '{"Name":"test","Id":1}\n' | sha256sum`. */
  canonical = ferry_signer_canonical_request ("POST", uri, headers, "x-sdk-date", body);
  g_assert_cmpstr (canonical, ==,
                   "POST\n"
                   "/path/\n"
                   "key=value\n"
                   "x-sdk-date:20060102T150405Z\n"
                   "\n"
                   "x-sdk-date\n"
                   "a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289");

  assert_authorization ("POST", "http://localhost/path?key=value", headers, body,
                        "x-sdk-date",
                        "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59");
}

static void
test_vector_host (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("https://service.endpoint.myhuaweicloud.com/resources?size=1");
  g_autofree char *canonical = NULL;

  headers = new_headers ("Host", "service.endpoint.myhuaweicloud.com",
                         FERRY_SIGNER_DATE_HEADER, "20200608T023900Z",
                         NULL);

  canonical = ferry_signer_canonical_request ("GET", uri, headers, "host;x-sdk-date", NULL);
  g_assert_cmpstr (canonical, ==,
                   "GET\n"
                   "/resources/\n"
                   "size=1\n"
                   "host:service.endpoint.myhuaweicloud.com\n"
                   "x-sdk-date:20200608T023900Z\n"
                   "\n"
                   "host;x-sdk-date\n"
                   EMPTY_HASH);

  assert_authorization ("GET", "https://service.endpoint.myhuaweicloud.com/resources?size=1",
                        headers, NULL,
                        "host;x-sdk-date",
                        "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842");
}

/* Canonical URI */

static void
test_path_encoded_segments (void)
{
  assert_canonical_path ("http://h/v1/a%20b/c", "/v1/a%20b/c/");
  /* Lower-case escapes come out upper-case. */
  assert_canonical_path ("http://h/caf%c3%a9", "/caf%C3%A9/");
  /* An encoded slash stays inside its segment. */
  assert_canonical_path ("http://h/a%2Fb/c", "/a%2Fb/c/");
  /* Unreserved characters are decoded and left alone. */
  assert_canonical_path ("http://h/%7Euser/x~y-z_w.v", "/~user/x~y-z_w.v/");
  /* Everything else is escaped, sub-delims and '+' included. */
  assert_canonical_path ("http://h/a!b*c+d", "/a%21b%2Ac%2Bd/");
  assert_canonical_path ("http://h/100%25", "/100%25/");
  assert_canonical_path ("http://h/v1//x", "/v1//x/");
}

static void
test_path_unicode (void)
{
  g_autoptr(GUri) decoded = NULL;
  g_autofree char *canonical = NULL;

  assert_canonical_path ("http://h/%E5%90%8D%E5%AD%97", "/%E5%90%8D%E5%AD%97/");

  /* Built from the raw UTF-8 segment. */
  decoded = g_uri_build (G_URI_FLAGS_NONE, "http", NULL, "h", -1,
                         "/名字", NULL, NULL);
  canonical = canonical_get (decoded);
  g_assert_cmpstr (canonical, ==,
                   "GET\n/%E5%90%8D%E5%AD%97/\n\n" DATE_ONLY EMPTY_HASH);
}

static void
test_path_trailing_slash (void)
{
  assert_canonical_path ("http://h/v1/items/", "/v1/items/");
  assert_canonical_path ("http://h/", "/");
  assert_canonical_path ("http://h", "/");
}

static void
test_path_empty (void)
{
  g_autoptr(GUri) uri = parse_uri_with_flags ("http://h", G_URI_FLAGS_NONE);
  g_autofree char *canonical = NULL;

  g_assert_cmpstr (g_uri_get_path (uri), ==, "");
  canonical = canonical_get (uri);
  g_assert_cmpstr (canonical, ==, "GET\n/\n\n" DATE_ONLY EMPTY_HASH);
}

static void
test_path_decoded_uri (void)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *canonical = NULL;

  /* Without G_URI_FLAGS_ENCODED*, GLib hands out the decoded path and
   * query; they must not be decoded a second time. */
  uri = parse_uri_with_flags ("http://h/v1/a%20b/100%25?q=a%20b&p=50%25", G_URI_FLAGS_NONE);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/v1/a b/100%");
  canonical = canonical_get (uri);
  g_assert_cmpstr (canonical, ==,
                   "GET\n/v1/a%20b/100%25/\np=50%25&q=a%20b\n" DATE_ONLY EMPTY_HASH);
}

static void
test_path_malformed_escape (void)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *canonical = NULL;

  uri = parse_uri_with_flags ("http://h/a%zz?k=%g1",
                              SOUP_HTTP_URI_FLAGS | G_URI_FLAGS_PARSE_RELAXED);
  canonical = canonical_get (uri);
  g_assert_cmpstr (canonical, ==,
                   "GET\n/a%25zz/\nk=%25g1\n" DATE_ONLY EMPTY_HASH);
}

/* Canonical query */

static void
test_query_sorted (void)
{
  assert_canonical_query ("http://h/?b=2&a=1&b=1", "a=1&b=1&b=2");
  /* Bytewise: upper case before lower case. */
  assert_canonical_query ("http://h/?b=1&B=1&a=1", "B=1&a=1&b=1");
  /* Values sort on their decoded bytes, not on their escaped form:
   * 'z' (0x7a) < '~' (0x7e) < 0xc3, though "%C3" < "z" < "~". */
  assert_canonical_query ("http://h/?k=%C3%A9&k=~&k=z", "k=z&k=~&k=%C3%A9");
}

static void
test_query_unicode (void)
{
  assert_canonical_query ("http://h/?name=%E5%90%8D%E5%AD%97", "name=%E5%90%8D%E5%AD%97");
  assert_canonical_query ("http://h/?%E5%90%8D=x", "%E5%90%8D=x");
  assert_canonical_query ("http://h/?v=caf%c3%a9", "v=caf%C3%A9");
}

static void
test_query_space (void)
{
  assert_canonical_query ("http://h/?q=a%20b", "q=a%20b");
  assert_canonical_query ("http://h/?a%20b=c", "a%20b=c");
  /* '+' is a plus sign, not a space. */
  assert_canonical_query ("http://h/?q=a+b", "q=a%2Bb");
}

static void
test_query_empty (void)
{
  assert_canonical_query ("http://h/", "");
  assert_canonical_query ("http://h/?", "");
  assert_canonical_query ("http://h/?&&", "");
}

static void
test_query_no_value (void)
{
  assert_canonical_query ("http://h/?flag&a=1", "a=1&flag=");
  assert_canonical_query ("http://h/?a=", "a=");
  assert_canonical_query ("http://h/?a=1&&b=2", "a=1&b=2");
}

static void
test_query_escaping (void)
{
  assert_canonical_query ("http://h/?a=b=c", "a=b%3Dc");
  assert_canonical_query ("http://h/?x=a%2fb&y=c%26d", "x=a%2Fb&y=c%26d");
  assert_canonical_query ("http://h/?k=%7E%2D%2E%5F", "k=~-._");
  assert_canonical_query ("http://h/?k=a*b", "k=a%2Ab");
}

/* Canonical headers */

static void
test_headers_trimmed (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("http://h/");
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;

  headers = new_headers (FERRY_SIGNER_DATE_HEADER, DATE,
                         "Content-Type", "  application/json  ",
                         "X-Custom", "\tv a l\t",
                         NULL);

  signed_headers = ferry_signer_signed_headers (headers);
  g_assert_cmpstr (signed_headers, ==, "content-type;x-custom;x-sdk-date");

  canonical = ferry_signer_canonical_request ("GET", uri, headers, signed_headers, NULL);
  g_assert_cmpstr (canonical, ==,
                   "GET\n/\n\n"
                   "content-type:application/json\n"
                   "x-custom:v a l\n"
                   "x-sdk-date:" DATE "\n"
                   "\n"
                   "content-type;x-custom;x-sdk-date\n"
                   EMPTY_HASH);
}

static void
test_headers_underscore (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("http://h/");
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;

  headers = new_headers ("X_Under", "1",
                         FERRY_SIGNER_DATE_HEADER, DATE,
                         "TEST_UNDERSCORE", "ok",
                         "Accept", "*/*",
                         NULL);

  signed_headers = ferry_signer_signed_headers (headers);
  g_assert_cmpstr (signed_headers, ==, "accept;x-sdk-date");

  /* Even when asked for, and the list is normalised. */
  canonical = ferry_signer_canonical_request ("GET", uri, headers,
                                              " X-Sdk-Date;TEST_UNDERSCORE;;Accept;accept",
                                              NULL);
  g_assert_cmpstr (canonical, ==,
                   "GET\n/\n\n"
                   "accept:*/*\n"
                   "x-sdk-date:" DATE "\n"
                   "\n"
                   "accept;x-sdk-date\n"
                   EMPTY_HASH);
}

static void
test_headers_repeated (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("http://h/");
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;

  headers = new_headers ("X-Multi", "b",
                         FERRY_SIGNER_DATE_HEADER, DATE,
                         "x-multi", " a ",
                         NULL);

  signed_headers = ferry_signer_signed_headers (headers);
  g_assert_cmpstr (signed_headers, ==, "x-multi;x-sdk-date");

  canonical = ferry_signer_canonical_request ("GET", uri, headers, signed_headers, NULL);
  g_assert_cmpstr (canonical, ==,
                   "GET\n/\n\n"
                   "x-multi:a\n"
                   "x-multi:b\n"
                   "x-sdk-date:" DATE "\n"
                   "\n"
                   "x-multi;x-sdk-date\n"
                   EMPTY_HASH);
}

static void
test_headers_none (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("http://h/");
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;

  headers = new_headers (NULL);
  signed_headers = ferry_signer_signed_headers (headers);
  g_assert_cmpstr (signed_headers, ==, "");

  canonical = ferry_signer_canonical_request ("GET", uri, headers, signed_headers, NULL);
  g_assert_cmpstr (canonical, ==, "GET\n/\n\n\n\n" EMPTY_HASH);
}

static void
assert_host_fallback (const char *uri_text,
                      const char *expected_host)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri (uri_text);
  g_autofree char *canonical = NULL;
  g_autofree char *expected = NULL;

  headers = new_headers (FERRY_SIGNER_DATE_HEADER, DATE, NULL);
  canonical = ferry_signer_canonical_request ("GET", uri, headers, "host;x-sdk-date", NULL);
  expected = g_strdup_printf ("GET\n/\n\nhost:%s\nx-sdk-date:" DATE "\n\nhost;x-sdk-date\n"
                              EMPTY_HASH, expected_host);
  g_assert_cmpstr (canonical, ==, expected);
}

static void
test_headers_host_from_uri (void)
{
  assert_host_fallback ("https://svc.example.com/", "svc.example.com");
  assert_host_fallback ("https://svc.example.com:443/", "svc.example.com");
  assert_host_fallback ("http://svc.example.com:80/", "svc.example.com");
  assert_host_fallback ("https://svc.example.com:8443/", "svc.example.com:8443");
  assert_host_fallback ("http://[::1]:8080/", "[::1]:8080");
}

/* Body */

static void
test_body_hash (void)
{
  g_autoptr(SoupMessageHeaders) headers = new_headers (FERRY_SIGNER_DATE_HEADER, DATE, NULL);
  g_autoptr(GUri) uri = parse_uri ("http://h/");
  g_autoptr(GBytes) plain = bytes_from_string ("abc");
  g_autoptr(GBytes) newline = bytes_from_string ("abc\n");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autofree char *canonical_plain = NULL;
  g_autofree char *canonical_newline = NULL;
  g_autofree char *canonical_empty = NULL;
  g_autofree char *canonical_null = NULL;
  g_autofree char *signature_plain = NULL;
  g_autofree char *signature_newline = NULL;

  /* FIPS 180-2 "abc", and `echo abc | sha256sum`. */
  canonical_plain = ferry_signer_canonical_request ("PUT", uri, headers, "x-sdk-date", plain);
  g_assert_cmpstr (canonical_plain, ==,
                   "PUT\n/\n\n" DATE_ONLY
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  canonical_newline = ferry_signer_canonical_request ("PUT", uri, headers, "x-sdk-date", newline);
  g_assert_cmpstr (canonical_newline, ==,
                   "PUT\n/\n\n" DATE_ONLY
                   "edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb");

  canonical_empty = ferry_signer_canonical_request ("PUT", uri, headers, "x-sdk-date", empty);
  canonical_null = ferry_signer_canonical_request ("PUT", uri, headers, "x-sdk-date", NULL);
  g_assert_cmpstr (canonical_empty, ==, "PUT\n/\n\n" DATE_ONLY EMPTY_HASH);
  g_assert_cmpstr (canonical_null, ==, canonical_empty);

  signature_plain = ferry_signer_signature (SK, "PUT", uri, headers, "x-sdk-date", plain);
  signature_newline = ferry_signer_signature (SK, "PUT", uri, headers, "x-sdk-date", newline);
  g_assert_cmpstr (signature_plain, !=, signature_newline);
}

/* Dates */

static void
test_date_format (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2006, 1, 2, 15, 4, 5);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2006, 1, 2, 23, 4, 5.75);
  g_autoptr(GDateTime) early = g_date_time_new_utc (987, 6, 5, 4, 3, 2);
  g_autofree char *utc_text = ferry_signer_format_date (utc);
  g_autofree char *local_text = ferry_signer_format_date (local);
  g_autofree char *early_text = ferry_signer_format_date (early);

  g_assert_cmpstr (utc_text, ==, "20060102T150405Z");
  /* Converted to UTC, fractions dropped. */
  g_assert_cmpstr (local_text, ==, "20060102T150405Z");
  g_assert_cmpstr (early_text, ==, "09870605T040302Z");
}

static void
test_date_round_trip (void)
{
  const char *texts[] = {
    "20060102T150405Z",
    "20200608T023900Z",
    "20241231T235959Z",
    "20240229T000000Z",
    "00010101T000000Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GDateTime) parsed = ferry_signer_parse_date (texts[i]);
      g_autofree char *formatted = NULL;

      g_assert_nonnull (parsed);
      g_assert_cmpint (g_date_time_get_utc_offset (parsed), ==, 0);
      formatted = ferry_signer_format_date (parsed);
      g_assert_cmpstr (formatted, ==, texts[i]);
    }

  {
    g_autoptr(GDateTime) parsed = ferry_signer_parse_date ("20060102T150405Z");
    g_autoptr(GDateTime) expected = g_date_time_new_utc (2006, 1, 2, 15, 4, 5);

    g_assert_true (g_date_time_equal (parsed, expected));
  }
}

static void
test_date_malformed (void)
{
  const char *texts[] = {
    "",
    "20060102",
    "20060102T150405",
    "20060102T150405z",
    "20060102t150405Z",
    "20060102 150405Z",
    "2006-01-02T15:04:05Z",
    "20060102T150405Z ",
    " 20060102T150405Z",
    "20060102T1504059Z",
    "2006010XT150405Z",
    "+0060102T150405Z",
    "00000102T150405Z",
    "20061302T150405Z",
    "20060002T150405Z",
    "20060100T150405Z",
    "20060230T150405Z",
    "20230229T000000Z",
    "20060132T150405Z",
    "20060102T240000Z",
    "20060102T156005Z",
    "20060102T150460Z",
    "Mon, 02 Jan 2006 15:04:05 GMT",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GDateTime) parsed = ferry_signer_parse_date (texts[i]);

      if (parsed != NULL)
        g_test_message ("accepted \"%s\"", texts[i]);
      g_assert_null (parsed);
    }

  g_assert_null (ferry_signer_parse_date (NULL));
}

/* Authorization parsing */

static void
test_parse_authorization_good (void)
{
  const struct {
    const char *value;
    const char *access_key;
    const char *signed_headers;
    const char *signature;
  } cases[] = {
    { "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=0a1B",
      "AK", "host;x-sdk-date", "0a1B" },
    { "  SDK-HMAC-SHA256   Access = AK ,SignedHeaders=x-sdk-date,   Signature= ff  ",
      "AK", "x-sdk-date", "ff" },
    { "SDK-HMAC-SHA256\tSignature=ab, Access=key, SignedHeaders=x-sdk-date",
      "key", "x-sdk-date", "ab" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *access_key = NULL;
      g_autofree char *signed_headers = NULL;
      g_autofree char *signature = NULL;

      g_assert_true (ferry_signer_parse_authorization (cases[i].value, &access_key,
                                                       &signed_headers, &signature));
      g_assert_cmpstr (access_key, ==, cases[i].access_key);
      g_assert_cmpstr (signed_headers, ==, cases[i].signed_headers);
      g_assert_cmpstr (signature, ==, cases[i].signature);
    }

  /* Out arguments are optional. */
  g_assert_true (ferry_signer_parse_authorization (cases[0].value, NULL, NULL, NULL));
}

static void
test_parse_authorization_bad (void)
{
  const char *values[] = {
    "",
    "   ",
    "Bearer abc",
    "SDK-HMAC-SHA256",
    "SDK-HMAC-SHA256 ",
    "SDK-HMAC-SHA256Access=AK, SignedHeaders=x-sdk-date, Signature=ab",
    "SDK-HMAC-SHA1 Access=AK, SignedHeaders=x-sdk-date, Signature=ab",
    "sdk-hmac-sha256 Access=AK, SignedHeaders=x-sdk-date, Signature=ab",
    "AWS4-HMAC-SHA256 Credential=AK/20060102/r/s/aws4_request, SignedHeaders=host, Signature=ab",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date",
    "SDK-HMAC-SHA256 Access=AK, Signature=ab",
    "SDK-HMAC-SHA256 SignedHeaders=x-sdk-date, Signature=ab",
    "SDK-HMAC-SHA256 Access=, SignedHeaders=x-sdk-date, Signature=ab",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=xyz",
    "SDK-HMAC-SHA256 Access=A K, SignedHeaders=x-sdk-date, Signature=ab",
    "SDK-HMAC-SHA256 Access=AK, Access=AK, SignedHeaders=x-sdk-date, Signature=ab",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=ab, Extra=1",
    "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=ab,",
    "SDK-HMAC-SHA256 Access=AK SignedHeaders=x-sdk-date Signature=ab",
    "SDK-HMAC-SHA256 access=AK, signedheaders=x-sdk-date, signature=ab",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char *access_key = (char *) "untouched";
      char *signed_headers = (char *) "untouched";
      char *signature = (char *) "untouched";

      gboolean ok;

      ok = ferry_signer_parse_authorization (values[i], &access_key,
                                             &signed_headers, &signature);
      if (ok)
        g_test_message ("accepted \"%s\"", values[i]);
      g_assert_false (ok);
      g_assert_null (access_key);
      g_assert_null (signed_headers);
      g_assert_null (signature);
    }

  g_assert_false (ferry_signer_parse_authorization (NULL, NULL, NULL, NULL));
}

static void
test_parse_authorization_round_trip (void)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri ("https://service.endpoint.myhuaweicloud.com/resources?size=1");
  g_autofree char *authorization = NULL;
  g_autofree char *access_key = NULL;
  g_autofree char *signed_headers = NULL;
  g_autofree char *signature = NULL;
  g_autofree char *expected = NULL;

  headers = new_headers ("Host", "service.endpoint.myhuaweicloud.com",
                         FERRY_SIGNER_DATE_HEADER, "20200608T023900Z",
                         "X_Request_Id", "123",
                         NULL);

  authorization = ferry_signer_authorization (AK, SK, "GET", uri, headers, NULL);
  g_assert_true (ferry_signer_parse_authorization (authorization, &access_key,
                                                   &signed_headers, &signature));
  g_assert_cmpstr (access_key, ==, AK);
  g_assert_cmpstr (signed_headers, ==, "host;x-sdk-date");

  /* What the sandbox does to verify a request. */
  expected = ferry_signer_signature (SK, "GET", uri, headers, signed_headers, NULL);
  g_assert_cmpstr (signature, ==, expected);
}

/* Sensitivity */

typedef struct
{
  const char *method;
  const char *uri;
  const char *host;
  const char *date;
  const char *custom;
  const char *underscore;
  const char *body;
  const char *secret_key;
} Request;

static char *
sign_request (const Request *request)
{
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(GUri) uri = parse_uri (request->uri);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *signed_headers = NULL;

  headers = new_headers ("Host", request->host,
                         FERRY_SIGNER_DATE_HEADER, request->date,
                         "X-Custom", request->custom,
                         "X_Unsigned", request->underscore,
                         NULL);
  if (request->body != NULL)
    body = bytes_from_string (request->body);

  signed_headers = ferry_signer_signed_headers (headers);
  g_assert_cmpstr (signed_headers, ==, "host;x-custom;x-sdk-date");

  return ferry_signer_signature (request->secret_key, request->method, uri,
                                 headers, signed_headers, body);
}

static void
test_signature_sensitivity (void)
{
  const Request base = {
    "POST", "https://svc.example.com/v1/items?limit=10&offset=0", "svc.example.com",
    DATE, "one", "x", "{\"a\":1}", SK,
  };
  g_autofree char *base_signature = sign_request (&base);
  g_autofree char *again = sign_request (&base);
  Request changed;

  g_assert_nonnull (base_signature);
  g_assert_cmpuint (strlen (base_signature), ==, 64);
  g_assert_cmpstr (again, ==, base_signature);

#define ASSERT_CHANGES(field, new_value)                              \
  G_STMT_START {                                                      \
    g_autofree char *signature = NULL;                                \
    changed = base;                                                   \
    changed.field = new_value;                                        \
    signature = sign_request (&changed);                              \
    g_assert_nonnull (signature);                                     \
    g_assert_cmpstr (signature, !=, base_signature);                  \
  } G_STMT_END

  ASSERT_CHANGES (method, "PUT");
  ASSERT_CHANGES (uri, "https://svc.example.com/v1/item?limit=10&offset=0");
  ASSERT_CHANGES (uri, "https://svc.example.com/v1/items/x?limit=10&offset=0");
  ASSERT_CHANGES (uri, "https://svc.example.com/v1/items?limit=11&offset=0");
  ASSERT_CHANGES (uri, "https://svc.example.com/v1/items?limit=10&offset=0&x");
  ASSERT_CHANGES (uri, "https://svc.example.com/v1/items");
  ASSERT_CHANGES (host, "other.example.com");
  ASSERT_CHANGES (date, "20060102T150406Z");
  ASSERT_CHANGES (custom, "two");
  ASSERT_CHANGES (body, "{\"a\":2}");
  ASSERT_CHANGES (body, "{\"a\":1}\n");
  ASSERT_CHANGES (body, NULL);
  ASSERT_CHANGES (secret_key, "OtherSecret");

#undef ASSERT_CHANGES

  /* Things that are not signed do not change it. */
  {
    g_autofree char *signature = NULL;

    changed = base;
    changed.underscore = "y";
    signature = sign_request (&changed);
    g_assert_cmpstr (signature, ==, base_signature);
  }

  /* Equivalent URIs sign the same. */
  {
    g_autofree char *signature = NULL;

    changed = base;
    changed.uri = "https://svc.example.com/v1/%69tems/?offset=0&limit=10";
    signature = sign_request (&changed);
    g_assert_cmpstr (signature, ==, base_signature);
  }
}

static void
test_access_key_only_in_header (void)
{
  g_autoptr(SoupMessageHeaders) headers = new_headers (FERRY_SIGNER_DATE_HEADER, DATE, NULL);
  g_autoptr(GUri) uri = parse_uri ("http://localhost/path?limit=1");
  g_autofree char *first = ferry_signer_authorization ("AK1", SK, "GET", uri, headers, NULL);
  g_autofree char *second = ferry_signer_authorization ("AK2", SK, "GET", uri, headers, NULL);
  g_autofree char *first_signature = NULL;
  g_autofree char *second_signature = NULL;

  g_assert_cmpstr (first, !=, second);
  g_assert_true (ferry_signer_parse_authorization (first, NULL, NULL, &first_signature));
  g_assert_true (ferry_signer_parse_authorization (second, NULL, NULL, &second_signature));
  g_assert_cmpstr (first_signature, ==, second_signature);
}

static void
test_missing_date (void)
{
  g_autoptr(SoupMessageHeaders) headers = new_headers ("Host", "h", NULL);
  g_autoptr(GUri) uri = parse_uri ("http://h/");
  g_autofree char *signature = NULL;
  g_autofree char *authorization = NULL;

  signature = ferry_signer_signature (SK, "GET", uri, headers, "host", NULL);
  g_assert_null (signature);

  authorization = ferry_signer_authorization (AK, SK, "GET", uri, headers, NULL);
  g_assert_null (authorization);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signer/vector/get", test_vector_get);
  g_test_add_func ("/signer/vector/post", test_vector_post);
  g_test_add_func ("/signer/vector/host", test_vector_host);

  g_test_add_func ("/signer/path/encoded-segments", test_path_encoded_segments);
  g_test_add_func ("/signer/path/unicode", test_path_unicode);
  g_test_add_func ("/signer/path/trailing-slash", test_path_trailing_slash);
  g_test_add_func ("/signer/path/empty", test_path_empty);
  g_test_add_func ("/signer/path/decoded-uri", test_path_decoded_uri);
  g_test_add_func ("/signer/path/malformed-escape", test_path_malformed_escape);

  g_test_add_func ("/signer/query/sorted", test_query_sorted);
  g_test_add_func ("/signer/query/unicode", test_query_unicode);
  g_test_add_func ("/signer/query/space", test_query_space);
  g_test_add_func ("/signer/query/empty", test_query_empty);
  g_test_add_func ("/signer/query/no-value", test_query_no_value);
  g_test_add_func ("/signer/query/escaping", test_query_escaping);

  g_test_add_func ("/signer/headers/trimmed", test_headers_trimmed);
  g_test_add_func ("/signer/headers/underscore", test_headers_underscore);
  g_test_add_func ("/signer/headers/repeated", test_headers_repeated);
  g_test_add_func ("/signer/headers/none", test_headers_none);
  g_test_add_func ("/signer/headers/host-from-uri", test_headers_host_from_uri);

  g_test_add_func ("/signer/body/hash", test_body_hash);

  g_test_add_func ("/signer/date/format", test_date_format);
  g_test_add_func ("/signer/date/round-trip", test_date_round_trip);
  g_test_add_func ("/signer/date/malformed", test_date_malformed);

  g_test_add_func ("/signer/authorization/parse-good", test_parse_authorization_good);
  g_test_add_func ("/signer/authorization/parse-bad", test_parse_authorization_bad);
  g_test_add_func ("/signer/authorization/round-trip", test_parse_authorization_round_trip);
  g_test_add_func ("/signer/authorization/access-key", test_access_key_only_in_header);

  g_test_add_func ("/signer/signature/sensitivity", test_signature_sensitivity);
  g_test_add_func ("/signer/signature/missing-date", test_missing_date);

  return g_test_run ();
}
