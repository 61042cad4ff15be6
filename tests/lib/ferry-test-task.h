/* ferry-test-task.h: a copy task to test with
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-task.h"

G_BEGIN_DECLS

/* The account (domain id) the tests' tasks belong to. */
#define FERRY_TEST_DOMAIN "0123456789abcdef0123456789abcdef"

/* A new cross-region copy of "web-server" from cn-north-4 to cn-east-2,
 * named @name, in FERRY_TEST_DOMAIN. */
FerryCopyTask *ferry_test_new_task (const char *name);

G_END_DECLS
