// Linux's epoll for the kernel floor (Swift's Glibc module does not export <sys/epoll.h>).
#pragma once
#include <sys/epoll.h>
