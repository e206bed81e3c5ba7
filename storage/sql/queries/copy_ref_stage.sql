COPY ref_stage (lineno, f) FROM STDIN;
