/* ferry-test-task.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-test-task.h"

FerryCopyTask *
ferry_test_new_task (const char *name)
{
  return ferry_copy_task_new_cross_region (FERRY_TEST_DOMAIN, "11111111-2222-3333-4444-555555555555", "web-server",
                                           "cn-north-4", "project-north-4",
                                           "cn-east-2", "cn-east-2", "project-east-2",
                                           name, "made by a test", "ims_administrator_agency", NULL);
}
