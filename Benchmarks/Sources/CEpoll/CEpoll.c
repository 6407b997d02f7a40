// Nothing to compile: the target only exports CEpoll.h to Swift.
#include "CEpoll.h"
