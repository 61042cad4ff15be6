/* ferry-credentials.h: an access key pair, optionally temporary
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FERRY_TYPE_CREDENTIALS (ferry_credentials_get_type ())

G_DECLARE_FINAL_TYPE (FerryCredentials, ferry_credentials, FERRY, CREDENTIALS, GObject)

/* The same variables as Huawei Cloud's official SDKs. */
#define FERRY_ENV_ACCESS_KEY     "HUAWEICLOUD_SDK_AK"
#define FERRY_ENV_SECRET_KEY     "HUAWEICLOUD_SDK_SK"
#define FERRY_ENV_SECURITY_TOKEN "HUAWEICLOUD_SDK_SECURITY_TOKEN"

FerryCredentials *ferry_credentials_new                  (const char        *access_key,
                                                          const char        *secret_key,
                                                          const char        *security_token);
/* From the values of the variables above, as a program's main read them
 * (core never reads the environment): NULL with
 * FERRY_API_ERROR_NO_CREDENTIALS when either key is unset or empty; an
 * empty token is none. */
FerryCredentials *ferry_credentials_new_from_variables   (const char        *access_key,
                                                          const char        *secret_key,
                                                          const char        *security_token,
                                                          GError           **error);
const char       *ferry_credentials_get_access_key       (FerryCredentials  *self);
/* Secrets: only for signing, never for display or logs. */
const char       *ferry_credentials_get_secret_key       (FerryCredentials  *self);
const char       *ferry_credentials_get_security_token   (FerryCredentials  *self);
/* The access key shortened for display and logs: "AKAB…WXYZ". */
char             *ferry_credentials_dup_masked_access_key (FerryCredentials *self);

G_END_DECLS
