// The wasmbox command-line tool; its commands arrive with the foundation milestone.
return 0;
