#include "tests/e2e/transpoctl_fixture.h"
