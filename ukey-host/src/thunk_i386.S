/*
 * ukey_thunk(fn, args, n): calls fn with n 32-bit arguments and returns its 32-bit result, whether fn is
 * __stdcall (pops its arguments) or __cdecl (leaves them): the stack pointer is restored from a callee-saved
 * register afterwards, so a vendor DLL declared with the wrong convention cannot unbalance the host's stack.
 * 32-bit Windows (i686) only.
 */
    .text
    .globl _ukey_thunk
_ukey_thunk:
    pushl %ebp
    movl %esp, %ebp
    pushl %esi
    pushl %edi
    pushl %ebx
    movl 8(%ebp), %eax          /* fn */
    movl 12(%ebp), %esi         /* args */
    movl 16(%ebp), %ecx         /* n */
    movl %esp, %edi             /* the stack pointer to come back to */
1:  testl %ecx, %ecx
    jz 2f
    decl %ecx
    pushl (%esi,%ecx,4)         /* last argument first */
    jmp 1b
2:  call *%eax
    movl %edi, %esp             /* whatever the callee popped or not */
    popl %ebx
    popl %edi
    popl %esi
    popl %ebp
    ret
