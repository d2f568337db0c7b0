/*
 * execmark — the program sbtry's "execve" action runs. It has no libc: it
 * writes "execed\n" to standard output and exits 0, with the only two
 * system calls it makes (write, exit_group) both on the daemon's
 * allowlist. So if the filter ever let execve through, this program would
 * run to the end under the inherited filter and say so, where a
 * dynamically linked /bin/true would die at its first mmap and look
 * exactly like a refused execve.
 */
#if defined(__x86_64__)
__asm__(
"	.globl	_start\n"
"_start:\n"
"	mov	$1, %edi\n"
"	lea	msg(%rip), %rsi\n"
"	mov	$7, %edx\n"
"	mov	$1, %eax\n"		/* write */
"	syscall\n"
"	xor	%edi, %edi\n"
"	mov	$231, %eax\n"		/* exit_group */
"	syscall\n"
"msg:	.ascii	\"execed\\n\"\n");
#elif defined(__aarch64__)
__asm__(
"	.globl	_start\n"
"_start:\n"
"	mov	x0, #1\n"
"	adr	x1, msg\n"
"	mov	x2, #7\n"
"	mov	x8, #64\n"		/* write */
"	svc	#0\n"
"	mov	x0, #0\n"
"	mov	x8, #94\n"		/* exit_group */
"	svc	#0\n"
"msg:	.ascii	\"execed\\n\"\n");
#else
#error "execmark: only x86_64 and aarch64 (the daemon's filter's architectures)"
#endif
